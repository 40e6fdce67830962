#include "protocol/hc1.h"

#include <limits>
#include <zlib.h>

namespace tessera::hc1 {

std::optional<QByteArray> inflateCapped(QByteArrayView data, qsizetype maxOutput, QString *error)
{
    const auto refuse = [error](const QString &why) -> std::optional<QByteArray> {
        if (error)
            *error = QStringLiteral("zlib: ") + why;
        return std::nullopt;
    };
    if (data.isEmpty())
        return refuse(QStringLiteral("no compressed data"));
    if (data.size() > std::numeric_limits<uInt>::max() || maxOutput < 0
        || maxOutput >= std::numeric_limits<uInt>::max()) {
        return refuse(QStringLiteral("too large"));
    }
    z_stream stream {};
    if (inflateInit(&stream) != Z_OK)
        return refuse(QStringLiteral("cannot start inflating"));
    // One byte more than allowed: filling it proves the data inflates to more than maxOutput.
    QByteArray output(maxOutput + 1, Qt::Uninitialized);
    // zlib's interface takes non-const pointers; it never writes to the input.
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(output.data());
    stream.avail_out = static_cast<uInt>(output.size());
    const int result = inflate(&stream, Z_FINISH);
    const qsizetype produced = output.size() - static_cast<qsizetype>(stream.avail_out);
    const uInt inputLeft = stream.avail_in;
    inflateEnd(&stream);
    switch (result) {
    case Z_STREAM_END:
        break;
    case Z_BUF_ERROR:
        if (produced > maxOutput)
            return refuse(QStringLiteral("inflates to more than %1 bytes").arg(maxOutput));
        return refuse(QStringLiteral("the compressed data ends early"));
    case Z_NEED_DICT:
        return refuse(QStringLiteral("needs a preset dictionary"));
    default:
        return refuse(QStringLiteral("damaged compressed data"));
    }
    if (produced > maxOutput)
        return refuse(QStringLiteral("inflates to more than %1 bytes").arg(maxOutput));
    if (inputLeft != 0)
        return refuse(QStringLiteral("%1 bytes after the compressed data").arg(inputLeft));
    output.truncate(produced);
    return output;
}

} // namespace tessera::hc1
