#include "identity/devicekey.h"

namespace tessera {

pass::KeyPair DeviceKey::fromSecret(const QByteArray &secretKey)
{
    if (secretKey.size() != 64)
        return {};
    pass::KeyPair pair = pass::keyPairFromSeed(QByteArrayView(secretKey).first(32));
    if (!pair.isValid() || pair.secretKey != secretKey)
        return {};
    return pair;
}

} // namespace tessera
