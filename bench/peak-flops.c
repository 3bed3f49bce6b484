/* Peak fp32 FLOP/s of this CPU: independent FMA chains on the widest vectors the compiler targets
   (-march=native), one thread per core. The benchmark divides achieved model FLOP/s by this. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
/* the widest vectors the target has: a wider generic vector is split by the compiler, on some
   CPUs (AVX2 without AVX-512, measured) into scalar code that runs at a tenth of the peak */
#if defined(__AVX512F__)
#define WIDTH 16
#elif defined(__AVX__)
#define WIDTH 8
#else
#define WIDTH 4
#endif
typedef float vec __attribute__((vector_size(WIDTH * sizeof(float))));

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *spin(void *arg) {
  long iters = *(long *)arg;
  vec acc[CHAINS], a, b;
  for (int i = 0; i < WIDTH; i++) { a[i] = 0.999999f; b[i] = 1e-7f; }
  for (int c = 0; c < CHAINS; c++) acc[c] = a * (float)c;
  for (long n = 0; n < iters; n++)
    for (int c = 0; c < CHAINS; c++) acc[c] = acc[c] * a + b;
  float sink = 0;
  for (int c = 0; c < CHAINS; c++) sink += acc[c][0];
  if (sink == 12345.f) printf("!");
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  long iters = 200000000L / CHAINS;
  pthread_t t[256];
  spin(&(long){iters / 20}); /* warm up the clocks */
  double start = now();
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, spin, &iters);
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  double seconds = now() - start;
  printf("%.1f\n", 2.0 * WIDTH * CHAINS * (double)iters * threads / seconds / 1e9);
  return 0;
}
