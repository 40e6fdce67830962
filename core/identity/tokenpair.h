#pragma once

#include "identity/userprofile.h"
#include "net/apiclient.h"

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace tessera {

// A token pair and the person, as the login, password and refresh answers give them. The
// tokens are wiped from memory when the pair goes.
struct TokenPair
{
    QByteArray accessToken;
    QByteArray refreshToken;
    QDateTime accessIssued; // by this device's clock
    QDateTime accessExpiry; // by this device's clock
    std::optional<UserProfile> user;

    TokenPair() = default;
    TokenPair(TokenPair &&) = default;
    TokenPair(const TokenPair &) = default;
    TokenPair &operator=(TokenPair &&) = default;
    TokenPair &operator=(const TokenPair &) = default;
    ~TokenPair();

    // The pair of a successful answer; nullopt with *error set when the answer is not one.
    static std::optional<TokenPair> fromReply(const ApiReply &reply, QString *error);
};

} // namespace tessera
