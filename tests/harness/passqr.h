#pragma once

// Header only: for tests that link tessera_protocol (the harness library does not).
#include "protocol/passclaims.h"
#include "protocol/passcodec.h"

#include <QString>

#include <optional>

namespace tessera::test {

// The pass claims inside a QR text (the signed pass's payload), or nullopt when it does not
// decode.
inline std::optional<pass::PassClaims> claimsOfQr(const QString &qrText)
{
    const auto code = pass::decodeQr(qrText);
    if (!code)
        return std::nullopt;
    const auto signedPass = pass::decodeSignedPass(code->signedPass);
    if (!signedPass)
        return std::nullopt;
    return pass::PassClaims::fromCbor(signedPass->payload);
}

} // namespace tessera::test
