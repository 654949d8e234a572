/*
 * A stand-in for Windows' bcryptprimitives.dll, for running tsr's
 * windows/amd64 build under Wine 8, which lacks this DLL. Go's runtime
 * (1.22 and later) asks it for ProcessPrng and stops without it; this
 * answers from BCryptGenRandom, which Wine has. Built by the Wine tests
 * (cmd/cli/wine_linux_test.go) with x86_64-w64-mingw32-gcc; never
 * committed as a binary.
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
