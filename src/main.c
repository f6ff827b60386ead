/* main.c: placeholder entry point while the stream lands. */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "wtftop: not yet\n");
	return 1;
}
