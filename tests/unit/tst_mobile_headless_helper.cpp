// tst_mobile_headless's second process: what Android's TesseraHeadless does in a service whose
// process has no Qt application. No QCoreApplication here: mobile::runHeadlessPush() and
// runHeadlessDecision() make their own on a thread of their own, with the real keychain
// (scripts/with-keyring.sh) under the test's service. Prints the answer, then a line saying
// whether an application object is left ("left: none").
//   tst_mobile_headless_helper CA_FILE DATA_DIR SERVICE push HEX_BODY
//   tst_mobile_headless_helper CA_FILE DATA_DIR SERVICE decide ITEM_ID ACTION
#include "fakes/testdeviceinfo.h"
#include "mobile/mobileheadlessrunner.h"
#include "storage/keychainsecretstore.h"
#include "testca.h"

#include <QCoreApplication>

#include <cstdio>

using namespace tessera;

int main(int argc, char *argv[])
{
    if (argc != 6 && argc != 7)
        return 2;
    const auto arg = [argv](int index) { return QString::fromLocal8Bit(argv[index]); };
    if (!test::trustCaByDefault(arg(1)))
        return 2;
    mobile::HeadlessSetup setup;
    setup.dataDir = arg(2);
    setup.keyringService = arg(3);
    setup.timeout = std::chrono::seconds(8);
    setup.makeSecrets = [](const QString &service) {
        return std::make_unique<KeychainSecretStore>(service);
    };
    setup.makeDevice = [] { return std::make_unique<test::TestDeviceInfo>(); };
    QByteArray answer;
    if (arg(4) == u"push" && argc == 6)
        answer = mobile::runHeadlessPush(setup, QByteArray::fromHex(argv[5]));
    else if (arg(4) == u"decide" && argc == 7)
        answer = mobile::runHeadlessDecision(setup, arg(5), arg(6), {});
    else
        return 2;
    std::printf("%s\nleft: %s\n", answer.constData(),
        QCoreApplication::instance() == nullptr ? "none" : "an application");
    return 0;
}
