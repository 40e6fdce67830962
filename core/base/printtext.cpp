#include "base/printtext.h"

namespace tessera {

void printText(std::FILE *stream, const char *text)
{
    if (std::fputs(text, stream) >= 0)
        (void)std::fflush(stream); // see the header: a failure has nowhere to go
}

} // namespace tessera
