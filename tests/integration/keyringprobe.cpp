// A tiny program for tst_keyring: one secure-store operation in a fresh process (so that the
// test can give it a broken D-Bus address), printing the outcome's name.
// keyringprobe SERVICE read|write|remove KEY [VALUE]
#include "storage/keychainsecretstore.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4)
        return 2;
    tessera::KeychainSecretStore store(args.at(1));
    const QString operation = args.at(2);
    QFuture<tessera::SecretResult> future;
    if (operation == QLatin1String("read"))
        future = store.read(args.at(3));
    else if (operation == QLatin1String("write") && args.size() > 4)
        future = store.write(args.at(3), args.at(4).toUtf8());
    else if (operation == QLatin1String("remove"))
        future = store.remove(args.at(3));
    else
        return 2;
    future.then(&app, [](const tessera::SecretResult &result) {
        std::printf("%s\n", qPrintable(tessera::outcomeName(result.outcome)));
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
    QTimer::singleShot(60000, &app, [] { QCoreApplication::exit(3); });
    return app.exec();
}
