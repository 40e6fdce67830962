#pragma once

#include <utility>
#include <variant>

namespace tessera::server {

// Why a pass operation did not happen: what the domain services (PassIssuer, ScannerTrust,
// ScanRecords, PassAdmin) answer instead of an HTTP answer; PassRoutes turns it into one.
enum class PassError {
    DatabaseRefused, // logged where it happened; answered 500, the transaction rolled back
    NotFound, // the pass, device or person named does not exist
    DeviceKeyRequired, // the caller's device has no pass key yet
    SessionEnded, // the caller's session ended while the pass was made
    StandIn, // the person is an erased person's stand-in account (users.stand_in): never changed
};

// A value, or the PassError that stood in its way.
template<typename T>
class PassResult
{
public:
    PassResult(T value)
        : m_value(std::move(value))
    { }
    PassResult(PassError error)
        : m_value(error)
    { }

    bool ok() const { return std::holds_alternative<T>(m_value); }
    const T &value() const { return std::get<T>(m_value); }
    const T *operator->() const { return &value(); }
    PassError error() const { return std::get<PassError>(m_value); }

private:
    std::variant<T, PassError> m_value;
};

// An operation that answers nothing but whether it happened.
struct PassDone
{
};
using PassOutcome = PassResult<PassDone>;

} // namespace tessera::server
