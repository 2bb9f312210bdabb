// Thin shim over the system zlib (RFC 1950 zlib stream, RFC 1951 deflate).
// Only SolutionIO imports it: PNG IDAT data is a zlib stream (PNG spec, section 10).
#include <zlib.h>
