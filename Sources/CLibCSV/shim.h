/* libcsv (Debian: libcsv-dev) ships csv.h and libcsv.so but no pkg-config file. */
#include <csv.h>

/* BatchKit reads libcsv 3.0.x's parser state (Sources/BatchKit/Input/LibCSVState.swift). */
#if CSV_MAJOR != 3 || CSV_MINOR != 0
#error "loyalty-batch reads the parser state of libcsv 3.0.x; this csv.h is another version: see LibCSVState.swift"
#endif
