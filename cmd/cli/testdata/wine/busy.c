/*
 * A program that keeps a processor busy, for the Wine test of tsr's top
 * programs (cmd/cli/slow_windows_linux_test.go): it creates the file its
 * argument names, so that the test knows it runs, and spins until killed.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	volatile unsigned long spins = 0;
	FILE *ready;

	if (argc < 2 || !(ready = fopen(argv[1], "w")))
		return 2;
	fclose(ready);
	for (;;)
		spins++;
}
