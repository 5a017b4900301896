/* libxlsxwriter (Debian: libxlsxwriter-dev): writes .xlsx workbooks, row by row in constant memory. */
#include <xlsxwriter.h>
