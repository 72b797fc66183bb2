#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char** argv) {
  const char* big = getenv("HOSTILE_BIG");
  if (argc < 1001 || !big || strlen(big) < 100000) return 3;
  printf("argc %d env %zu last %zu\n", argc, strlen(big), strlen(argv[argc - 1]));
  return 0;
}
