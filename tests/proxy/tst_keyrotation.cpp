// Several keys per channel: round robin and weighted rotation, cooldown after 429 Retry-After,
// permanent disable after 401/402/403 reported through the handler, keys already tried by a request,
// and the "no key available" answers. ManualClock throughout.

#include "keyrotation.h"

#include <QTest>

using namespace Switchyard;

namespace {

ChannelKey key(qint64 id, int weight = 1, bool disabled = false)
{
    ChannelKey k;
    k.id = id;
    k.secretRef = QStringLiteral("channel-key/%1").arg(id);
    k.hint = QStringLiteral("sk-%1…").arg(id);
    k.weight = weight;
    k.disabled = disabled;
    return k;
}

Channel channel(const QList<ChannelKey> &keys)
{
    Channel c;
    c.id = 5;
    c.name = QStringLiteral("main");
    c.keys = keys;
    return c;
}

QList<qint64> picks(KeyRotation &rotation, const Channel &c, int n)
{
    QList<qint64> ids;
    for (int i = 0; i < n; ++i) {
        const KeyPick pick = rotation.next(c);
        ids.append(pick.ok() ? pick.key->id : -1);
    }
    return ids;
}

} // namespace

class TestKeyRotation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundRobin()
    {
        ManualClock clock;
        KeyRotation rotation(&clock);
        const Channel c = channel({key(1), key(2), key(3)});
        QCOMPARE(KeyRotation::modeFor(c), KeyRotation::Mode::RoundRobin);
        QCOMPARE(picks(rotation, c, 7), (QList<qint64> {1, 2, 3, 1, 2, 3, 1}));
        const KeyPick pick = rotation.next(c);
        QVERIFY(pick.ok());
        QCOMPARE(pick.keyId, QStringLiteral("channel-key/2"));
        QCOMPARE(pick.retryAfterMs, -1);
    }

    void configDisabledKeysAreSkipped()
    {
        ManualClock clock;
        KeyRotation rotation(&clock);
        const Channel c = channel({key(1), key(2, 1, true), key(3)});
        QCOMPARE(picks(rotation, c, 4), (QList<qint64> {1, 3, 1, 3}));
    }

    void weightedRotation()
    {
        ManualClock clock;
        KeyRotation rotation(&clock);
        const Channel c = channel({key(1, 3), key(2, 1)});
        QCOMPARE(KeyRotation::modeFor(c), KeyRotation::Mode::Weighted);
        const QList<qint64> ids = picks(rotation, c, 4000);
        QCOMPARE(ids.count(1), 3000);
        QCOMPARE(ids.count(2), 1000);
        // Interleaved, not in blocks: every 4 picks hold 3 + 1.
        for (int i = 0; i + 4 <= ids.size(); i += 4)
            QCOMPARE(ids.mid(i, 4).count(2), 1);

        // The option overrides the default.
        Channel forced = c;
        forced.options.insert(QStringLiteral("keyRotation"), QStringLiteral("round_robin"));
        QCOMPARE(KeyRotation::modeFor(forced), KeyRotation::Mode::RoundRobin);
        KeyRotation plain(&clock);
        QCOMPARE(picks(plain, forced, 4), (QList<qint64> {1, 2, 1, 2}));
        Channel weighted = channel({key(1), key(2)});
        weighted.options.insert(QStringLiteral("keyRotation"), QStringLiteral("weighted"));
        QCOMPARE(KeyRotation::modeFor(weighted), KeyRotation::Mode::Weighted);
    }

    void cooldownAfterRateLimit()
    {
        ManualClock clock;
        KeyRotation rotation(&clock);
        const Channel c = channel({key(1), key(2)});
        rotation.coolDown(c.id, KeyRotation::keyId(c.keys.at(0)), 30000); // 429, Retry-After: 30
        QVERIFY(!rotation.isAvailable(c.id, c.keys.at(0)));
        QCOMPARE(picks(rotation, c, 3), (QList<qint64> {2, 2, 2}));
        QList<KeyStatus> status = rotation.status(c);
        QCOMPARE(status.at(0).coolingUntilMs, clock.nowMs() + 30000);
        QCOMPARE(status.at(1).coolingUntilMs, 0);

        // A shorter Retry-After later does not shorten the cooldown.
        rotation.coolDown(c.id, KeyRotation::keyId(c.keys.at(0)), 1000);
        clock.advance(29999);
        QVERIFY(!rotation.isAvailable(c.id, c.keys.at(0)));
        clock.advance(1);
        QVERIFY(rotation.isAvailable(c.id, c.keys.at(0)));
        QVERIFY(picks(rotation, c, 2).contains(1));
    }

    void allCoolingReportsTheEarliestEnd()
    {
        ManualClock clock;
        KeyRotation rotation(&clock);
        const Channel c = channel({key(1), key(2), key(3, 1, true)});
        rotation.coolDown(c.id, KeyRotation::keyId(c.keys.at(0)), 45000);
        rotation.coolDown(c.id, KeyRotation::keyId(c.keys.at(1)), 12000);
        KeyPick pick = rotation.next(c);
        QCOMPARE(pick.status, KeyPick::Status::Unavailable);
        QVERIFY(!pick.key);
        QCOMPARE(pick.retryAfterMs, 12000);
        clock.advance(2000);
        QCOMPARE(rotation.next(c).retryAfterMs, 10000);
        clock.advance(10000);
        pick = rotation.next(c);
        QVERIFY(pick.ok());
        QCOMPARE(pick.key->id, 2);
    }

    void disablePermanentlyAndReport()
    {
        ManualClock clock;
        KeyRotation rotation(&clock);
        QList<KeyDisabledEvent> events;
        rotation.setDisableHandler([&](const KeyDisabledEvent &e) { events.append(e); });
        const Channel c = channel({key(1), key(2)});

        const QString reason = KeyRotation::disableReason(401, QStringLiteral("  invalid\n x-api-key  "));
        QCOMPARE(reason, QStringLiteral("HTTP 401 authentication failed: invalid x-api-key"));
        rotation.disable(c, c.keys.at(0), reason);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().channelId, 5);
        QCOMPARE(events.first().keyDbId, 1);
        QCOMPARE(events.first().keyId, QStringLiteral("channel-key/1"));
        QCOMPARE(events.first().hint, QStringLiteral("sk-1…"));
        QCOMPARE(events.first().reason, reason);
        // Reported once, however often the key fails again.
        rotation.disable(c, c.keys.at(0), reason);
        QCOMPARE(events.size(), 1);

        QCOMPARE(picks(rotation, c, 3), (QList<qint64> {2, 2, 2}));
        clock.advance(24 * 3600 * 1000); // no cooldown: disabled stays disabled
        QCOMPARE(picks(rotation, c, 2), (QList<qint64> {2, 2}));
        const QList<KeyStatus> status = rotation.status(c);
        QVERIFY(status.at(0).disabled);
        QCOMPARE(status.at(0).disabledReason, reason);
        QVERIFY(!status.at(1).disabled);

        rotation.disable(c, c.keys.at(1),
                         KeyRotation::disableReason(402, QStringLiteral("insufficient balance")));
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.last().reason, QStringLiteral("HTTP 402 payment required: insufficient balance"));
        const KeyPick pick = rotation.next(c);
        QCOMPARE(pick.status, KeyPick::Status::AllDisabled);
        QCOMPARE(pick.retryAfterMs, -1);

        // The user re-enabled a key.
        rotation.enable(c.id, KeyRotation::keyId(c.keys.at(1)));
        QCOMPARE(picks(rotation, c, 2), (QList<qint64> {2, 2}));
        QCOMPARE(KeyRotation::disableReason(403, {}), QStringLiteral("HTTP 403 permission denied"));
    }

    void keysTriedByThisRequestAreSkipped()
    {
        ManualClock clock;
        KeyRotation rotation(&clock);
        const Channel c = channel({key(1), key(2), key(3)});
        QSet<QString> tried;
        QList<qint64> order;
        for (int i = 0; i < 3; ++i) {
            const KeyPick pick = rotation.next(c, tried);
            QVERIFY(pick.ok());
            order.append(pick.key->id);
            tried.insert(pick.keyId);
        }
        std::sort(order.begin(), order.end());
        QCOMPARE(order, (QList<qint64> {1, 2, 3})); // each key once
        const KeyPick none = rotation.next(c, tried);
        QCOMPARE(none.status, KeyPick::Status::Unavailable);
        QCOMPARE(none.retryAfterMs, -1); // nothing is cooling: waiting would not help
    }

    void noKeys()
    {
        KeyRotation rotation;
        const KeyPick pick = rotation.next(channel({}));
        QCOMPARE(pick.status, KeyPick::Status::NoKeys);
        QVERIFY(!pick.ok());
    }

    void keyIdentity()
    {
        ChannelKey withoutRef = key(9);
        withoutRef.secretRef.clear();
        QCOMPARE(KeyRotation::keyId(withoutRef), QStringLiteral("id:9"));
        QCOMPARE(KeyRotation::keyId(key(9)), QStringLiteral("channel-key/9"));

        // State is per channel: the same key id on another channel is unaffected.
        ManualClock clock;
        KeyRotation rotation(&clock);
        Channel a = channel({key(1)});
        Channel b = channel({key(1)});
        b.id = 6;
        rotation.coolDown(a.id, KeyRotation::keyId(a.keys.at(0)), 5000);
        QVERIFY(!rotation.next(a).ok());
        QVERIFY(rotation.next(b).ok());
        rotation.resetChannel(a.id);
        QVERIFY(rotation.next(a).ok());
    }

    void rotationSurvivesConfigChanges()
    {
        // Keys are followed by their keychain reference, so a reordered or extended key list keeps
        // a cooldown on the right key.
        ManualClock clock;
        KeyRotation rotation(&clock);
        Channel c = channel({key(1), key(2)});
        rotation.coolDown(c.id, KeyRotation::keyId(c.keys.at(1)), 60000);
        c.keys = {key(3), key(2), key(1)};
        const QList<qint64> ids = picks(rotation, c, 4);
        QVERIFY(!ids.contains(2));
        QCOMPARE(ids.count(1), 2);
        QCOMPARE(ids.count(3), 2);
    }
};

QTEST_APPLESS_MAIN(TestKeyRotation)
#include "tst_keyrotation.moc"
