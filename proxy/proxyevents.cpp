#include "proxyevents.h"

namespace Switchyard {

bool ProxyStatus::degraded() const
{
    for (const UpstreamStatus &upstream : upstreams) {
        if (!upstream.breaker.admitting)
            return true;
        // Half or more of at least a handful of recent requests failed.
        if (upstream.health.recentRequests >= 4 && upstream.health.successRate <= 0.5)
            return true;
    }
    return false;
}

} // namespace Switchyard
