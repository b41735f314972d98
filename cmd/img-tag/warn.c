/* warn: the --quiet switch of img-tag's warnings. */
#include "warn.h"

bool img_warn_quiet;
