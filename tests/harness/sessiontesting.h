#pragma once

// Header only: for tests that link tessera_core (the harness library does not, so that server
// tests never load SQLCipher).
#include "demoaccounts.h"
#include "fakes/testdeviceinfo.h"
#include "identity/session.h"

#include <QFuture>
#include <QJsonObject>
#include <QSignalSpy>
#include <QString>
#include <QTest>

#include <functional>

namespace tessera::test {

// The future's result; ends the test process when it takes more than 60 s.
template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60000))
        qFatal("no answer within 60 s");
    return future.result();
}

// Runs action (sign-in, restore, sign-out ...) and waits at most 60 s for session's finished().
inline bool runToEnd(Session &session, const std::function<void()> &action)
{
    QSignalSpy finished(&session, &Session::finished);
    action();
    return QTest::qWaitFor([&] { return finished.count() > 0; }, 60000);
}

// Signs the demo person with displayName in on session with the local password; true when the
// session is signed in at the end.
inline bool signInDemo(const ServerProcess &server, Session &session, const QString &displayName)
{
    const QJsonObject account = demoAccount(server, displayName);
    return runToEnd(session, [&] {
        session.signIn(QStringLiteral("local"),
            account.value(QStringLiteral("username")).toString(),
            account.value(QStringLiteral("password")).toString());
    }) && session.state() == Session::State::SignedIn;
}

} // namespace tessera::test
