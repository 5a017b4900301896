/* libxml2 (Debian: libxml2-dev): its SAX2 push parser reads a worksheet as it is inflated. */
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, whose headers clash with the ICU that Foundation brings.
   Only encoding.h's xmlCharEncodingHandler has ICU members, and it is used here by pointer only. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
