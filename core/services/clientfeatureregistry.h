#pragma once

#include "services/clientstack.h"

#include <functional>
#include <memory>
#include <vector>

namespace tessera {

class ClientFeature;

// How the stack builds one feature: its flag, the features it needs (built before it) and its
// builder (which may reach the parts of the features built before through the stack).
struct ClientFeatureRegistration
{
    ClientStack::Feature feature;
    ClientStack::Features needs;
    std::function<std::unique_ptr<ClientFeature>(ClientStack &stack)> build;
};

// Every feature, in the order the stack builds (and starts) them.
const std::vector<ClientFeatureRegistration> &clientFeatureRegistry();

} // namespace tessera
