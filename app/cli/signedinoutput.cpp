#include "signedinoutput.h"

#include "clicontext.h"
#include "identity/session.h"

#include <QJsonArray>
#include <QPromise>

#include <memory>
#include <utility>

namespace tessera::cli {

int reportSignIn(CliContext &context, const Session &session, const QString &username)
{
    switch (session.state()) {
    case Session::State::SignedIn: {
        const UserProfile &user = session.profile();
        const QJsonObject summary {
            { QStringLiteral("id"), user.id },
            { QStringLiteral("kind"), user.kind },
            { QStringLiteral("displayName"), user.displayName },
            { QStringLiteral("userType"), user.userType },
            { QStringLiteral("roles"), QJsonArray::fromStringList(user.roles) },
        };
        context.printResult(
            QJsonObject {
                { QStringLiteral("status"), QStringLiteral("signed_in") },
                { QStringLiteral("user"), summary },
                { QStringLiteral("deviceId"), session.deviceId() },
            },
            QStringLiteral("Signed in as %1 (%2, %3).")
                .arg(user.displayName.isEmpty() ? user.id : user.displayName, user.id,
                    user.userType));
        return ExitCode::Success;
    }
    case Session::State::PasswordChangeRequired:
        context.printError(QStringLiteral("password_change_required"),
            QStringLiteral("%1 Run: tessera-cli set-password --user %2")
                .arg(session.errorMessage(), username));
        return ExitCode::Failed;
    default:
        context.printError(
            session.errorCode().isEmpty() ? QStringLiteral("sign_in_failed") : session.errorCode(),
            session.errorMessage().isEmpty() ? QStringLiteral("The sign-in did not complete.")
                                             : session.errorMessage());
        return ExitCode::Failed;
    }
}

int reportNoSession(CliContext &context, const Session &session)
{
    if (session.state() == Session::State::SignedOut && session.errorCode().isEmpty()) {
        context.printError(QStringLiteral("not_signed_in"),
            QStringLiteral("Not signed in: run tessera-cli login first."));
        return ExitCode::Failed;
    }
    context.printError(
        session.errorCode().isEmpty() ? QStringLiteral("not_signed_in") : session.errorCode(),
        session.errorMessage().isEmpty() ? QStringLiteral("Not signed in.")
                                         : session.errorMessage());
    return ExitCode::Failed;
}

QFuture<int> whenSignedIn(
    CliContext &context, std::function<void(Session &session, const Deliver &deliver)> work)
{
    Session *session = context.session();
    if (!session)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    // Not a structured binding: C++20 lets a lambda capture one and gcc does, clang before 16
    // (clang-tidy here) does not.
    Delivery delivery = newDelivery();
    context.afterSession([session]() { session->restore(); },
        [&context, session, deliver = std::move(delivery.deliver), work = std::move(work)]() {
            if (session->state() != Session::State::SignedIn) {
                deliver(reportNoSession(context, *session));
                return 0;
            }
            work(*session, deliver);
            return 0;
        });
    return delivery.future;
}

Delivery newDelivery()
{
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    auto delivered = std::make_shared<bool>(false);
    Deliver deliver = [promise, delivered](int code) {
        if (std::exchange(*delivered, true))
            return;
        promise->addResult(code);
        promise->finish();
    };
    return { promise->future(), std::move(deliver) };
}

} // namespace tessera::cli
