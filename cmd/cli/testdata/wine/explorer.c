/*
 * A stand-in for Explorer, for the Wine tests of tsr's double-click run
 * (cmd/cli/wine_linux_test.go): it starts its command line as a child, as
 * Explorer starts a program the user double-clicked, and waits for it. A
 * program started so sees "explorer.exe" as its parent's name, which is
 * how it knows it was double-clicked. Its standard streams are passed on,
 * so the test reads what the window shows and presses Enter.
 */
#include <windows.h>

int main(void)
{
	WCHAR *line = GetCommandLineW();
	BOOL quoted = FALSE;
	STARTUPINFOW si = {sizeof(si)};
	PROCESS_INFORMATION pi;
	DWORD code = 1;

	/* skip our own name */
	while (*line && (quoted || (*line != ' ' && *line != '\t'))) {
		if (*line == '"')
			quoted = !quoted;
		line++;
	}
	while (*line == ' ' || *line == '\t')
		line++;
	if (!CreateProcessW(NULL, line, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
		return 127;
	WaitForSingleObject(pi.hProcess, INFINITE);
	GetExitCodeProcess(pi.hProcess, &code);
	return (int)code;
}
