/* The ceiling for CSV reading: raw libcsv, counting fields and rows, nothing else. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static size_t fields, rows;
static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; (void)data; fields++; }
static void on_row(int c, void *data) { (void)c; (void)data; rows++; }

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: csvcount FILE\n"); return 2; }
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 2; }
    struct csv_parser parser;
    csv_init(&parser, 0);
    static char buffer[1 << 16];
    size_t count;
    while ((count = fread(buffer, 1, sizeof buffer, file)) > 0) {
        if (csv_parse(&parser, buffer, count, on_field, on_row, NULL) != count) { fprintf(stderr, "parse error\n"); return 1; }
    }
    csv_fini(&parser, on_field, on_row, NULL);
    csv_free(&parser);
    printf("%zu rows (header included), %zu fields\n", rows, fields);
    return 0;
}
