// The client keys page over a real AppController (real store, 0600 file secret store), offscreen:
// create (shown once), edit, disable, delete, all checked in the store. Also the table model under
// QAbstractItemModelTester and the slot map helpers.

#include "appcontroller.h"
#include "clientauth.h"
#include "clientkeymodel.h"
#include "clientkeys.h"
#include "clientkeyspage.h"
#include "pagefeedback.h"
#include "pageshots.h"
#include "slotmap.h"
#include "slotmapeditor.h"
#include "storage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QFrame>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

struct Fixture
{
    Fixture()
        : controller(options(dir.path()))
    {
    }

    static AppOptions options(const QString &dataDir)
    {
        AppOptions opts;
        opts.dataDir = dataDir;
        opts.port = 0;
        opts.insecureSecretsFile = true;
        return opts;
    }

    QList<ClientKey> keys() const { return controller.storage()->loadConfig().clientKeys; }

    // A channel "main" with two models and a group "auto:fast" over it: the slot targets offered.
    void addRoutes()
    {
        Provider provider;
        provider.name = QStringLiteral("anthropic");
        provider.protocol = Protocol::Anthropic;
        provider.baseUrl = QStringLiteral("https://api.anthropic.com");
        QVERIFY(controller.storage()->saveProvider(&provider));
        Channel channel;
        channel.providerId = provider.id;
        channel.name = QStringLiteral("main");
        channel.models = {QStringLiteral("claude-opus-4-1"), QStringLiteral("claude-sonnet-4-5")};
        QVERIFY(controller.storage()->saveChannel(&channel));
        ModelGroup group;
        group.name = QStringLiteral("auto:fast");
        GroupMember member;
        member.channelId = channel.id;
        member.model = QStringLiteral("claude-sonnet-4-5");
        group.members = {member};
        QVERIFY(controller.storage()->saveGroup(&group));
    }

    qint64 addKey(const QString &name)
    {
        ClientKey key = ClientKeys::makeRecord(name, ClientKeys::generate());
        if (!controller.storage()->saveClientKey(&key))
            return 0;
        return key.id;
    }

    QTemporaryDir dir;
    AppController controller;
};

template<typename T>
T *child(QWidget *root, const char *name)
{
    T *widget = root->findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("missing widget %s", name);
    return widget;
}

// Every text the page shows anywhere, to prove a secret is gone.
QStringList visibleTexts(QWidget *root)
{
    QStringList texts;
    for (auto *edit : root->findChildren<QLineEdit *>())
        texts << edit->text();
    for (auto *label : root->findChildren<QLabel *>())
        texts << label->text();
    for (auto *edit : root->findChildren<QPlainTextEdit *>())
        texts << edit->toPlainText();
    const QAbstractItemModel *model = child<QTableView>(root, "keysTable")->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column)
            texts << model->index(row, column).data().toString();
    }
    return texts;
}

QMessageBox *openBox(QWidget *root, const char *name)
{
    QMessageBox *box = nullptr;
    for (QMessageBox *candidate : root->findChildren<QMessageBox *>(QLatin1String(name))) {
        if (candidate->isVisible())
            box = candidate;
    }
    return box;
}

ClientKey keyById(const QList<ClientKey> &keys, qint64 id)
{
    for (const ClientKey &key : keys) {
        if (key.id == id)
            return key;
    }
    return {};
}

} // namespace

class TestClientKeysPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // No keychain here: the explicit 0600 file store is used (AppOptions::insecureSecretsFile).
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus");
    }

    void createShowsKeyOnceAndStoresOnlyItsHash()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        ClientKeysPage page(&f.controller);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy created(&page, &ClientKeysPage::keyCreated);

        auto *panel = child<QFrame>(&page, "newKeyPanel");
        QVERIFY(!panel->isVisible());
        QTest::keyClicks(child<QLineEdit>(&page, "newKeyName"), QStringLiteral("laptop"));
        QTest::mouseClick(child<QPushButton>(&page, "createKey"), Qt::LeftButton);

        QVERIFY(panel->isVisible());
        const QString shown = child<QLineEdit>(&page, "newKeyText")->text();
        QVERIFY2(ClientKeys::looksLikeKey(shown), qPrintable(shown.left(3)));
        QCOMPARE(created.count(), 1);

        const QList<ClientKey> keys = f.keys();
        QCOMPARE(keys.size(), 1);
        const ClientKey &stored = keys.first();
        QCOMPARE(stored.id, created.first().first().toLongLong());
        QCOMPARE(stored.name, QStringLiteral("laptop"));
        // The store has the proxy's digest of exactly the key shown, and its display prefix.
        QCOMPARE(stored.hash, ClientAuth::hashKey(shown.toUtf8()));
        QVERIFY(ClientKeys::verify(shown.toUtf8(), stored.hash));
        QCOMPARE(stored.prefix, shown.left(ClientKeys::PrefixLength));
        QVERIFY(!stored.disabled);
        QVERIFY(!stored.expiresAt.isValid());
        QVERIFY(stored.createdAt.isValid());
        // The new key is selected in the table and the editor.
        QCOMPARE(page.selectedKeyId(), stored.id);
        QCOMPARE(child<QLineEdit>(&page, "keyName")->text(), QStringLiteral("laptop"));
        QVERIFY(child<QLineEdit>(&page, "newKeyName")->text().isEmpty());

        QTest::mouseClick(child<QPushButton>(&page, "copyNewKey"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), shown);

        // Closing the panel: the key is nowhere on the page any more, only its prefix.
        QTest::mouseClick(child<QPushButton>(&page, "dismissNewKey"), Qt::LeftButton);
        QVERIFY(!panel->isVisible());
        QVERIFY(child<QLineEdit>(&page, "newKeyText")->text().isEmpty());
        const QStringList texts = visibleTexts(&page);
        for (const QString &text : texts)
            QVERIFY(!text.contains(shown.mid(ClientKeys::PrefixLength)));
        QVERIFY(texts.contains(stored.prefix + QStringLiteral("…")));
        f.controller.shutdown();
    }

    void createNeedsAUniqueName()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        ClientKeysPage page(&f.controller);
        auto *create = child<QPushButton>(&page, "createKey");
        auto *message = child<QLabel>(&page, "keyMessage");
        QTest::mouseClick(create, Qt::LeftButton);
        QVERIFY(f.keys().isEmpty());
        QVERIFY(!message->text().isEmpty());
        QVERIFY(!child<QFrame>(&page, "newKeyPanel")->isVisibleTo(&page));

        QVERIFY(f.addKey(QStringLiteral("ci")) > 0);
        QTest::keyClicks(child<QLineEdit>(&page, "newKeyName"), QStringLiteral("CI"));
        QTest::mouseClick(create, Qt::LeftButton);
        QCOMPARE(f.keys().size(), 1);
        QVERIFY(message->text().contains(QStringLiteral("CI")));
        f.controller.shutdown();
    }

    void editsAreStored()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        f.addRoutes();
        const qint64 id = f.addKey(QStringLiteral("desk"));
        QVERIFY(id > 0);
        ClientKeysPage page(&f.controller);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        // Select through the table, as a user would.
        auto *table = child<QTableView>(&page, "keysTable");
        QCOMPARE(table->model()->rowCount(), 1);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(table->model()->index(0, 0)).center());
        QCOMPARE(page.selectedKeyId(), id);

        auto *name = child<QLineEdit>(&page, "keyName");
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("desk-2"));
        auto *never = child<QCheckBox>(&page, "keyNeverExpires");
        QVERIFY(never->isChecked());
        QTest::mouseClick(never, Qt::LeftButton);
        auto *expiry = child<QDateTimeEdit>(&page, "keyExpiry");
        QVERIFY(expiry->isEnabled());
        const QDateTime expiresAt = QDateTime(QDate::currentDate().addDays(10), QTime(18, 30));
        expiry->setDateTime(expiresAt);
        child<QDoubleSpinBox>(&page, "keyBudget")->setValue(12.5);
        child<QPlainTextEdit>(&page, "keyAllowlist")
            ->setPlainText(QStringLiteral("claude-*, gpt-4o\n\nclaude-*\n"));

        auto *opus = child<QComboBox>(&page, "slotTarget_opus");
        const int pair = opus->findText(QStringLiteral("main,claude-opus-4-1"));
        QVERIFY(pair > 0);
        QVERIFY(opus->findText(QStringLiteral("auto:fast")) > 0);
        QVERIFY(opus->findText(QStringLiteral("main")) > 0);
        opus->setCurrentIndex(pair);
        auto *opusEffort = child<QComboBox>(&page, "slotEffort_opus");
        opusEffort->setCurrentIndex(opusEffort->findData(QStringLiteral("high")));
        QTest::keyClicks(child<QComboBox>(&page, "slotTarget_sonnet")->lineEdit(),
                         QStringLiteral("auto:fast"));
        QTest::keyClicks(child<QLineEdit>(&page, "slotModel_haiku"), QStringLiteral("claude-3-5-haiku"));
        QTest::mouseClick(child<QPushButton>(&page, "saveKey"), Qt::LeftButton);

        ClientKey stored = keyById(f.keys(), id);
        QCOMPARE(stored.name, QStringLiteral("desk-2"));
        QCOMPARE(stored.expiresAt.toUTC(), expiresAt.toUTC());
        QCOMPARE(stored.dailyBudget, 12.5);
        QCOMPARE(stored.allowedModels, (QStringList {QStringLiteral("claude-*"), QStringLiteral("gpt-4o")}));
        const QJsonObject expectedSlots = QJsonDocument::fromJson(R"({
            "opus": {"target": "main,claude-opus-4-1", "effort": "high"},
            "sonnet": {"target": "auto:fast"},
            "haiku": {"model": "claude-3-5-haiku"}})")
                                              .object();
        QCOMPARE(stored.slotMap, expectedSlots);
        // The table shows what was stored.
        const QAbstractItemModel *model = table->model();
        QCOMPARE(model->index(0, ClientKeyModel::NameColumn).data().toString(), QStringLiteral("desk-2"));
        QVERIFY(model->index(0, ClientKeyModel::SlotMapColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("opus → main,claude-opus-4-1 (high)")));
        QCOMPARE(model->index(0, ClientKeyModel::AllowlistColumn).data().toString(),
                 QStringLiteral("claude-*, gpt-4o"));

        // Back to never, no budget, all models, no slots.
        QTest::mouseClick(never, Qt::LeftButton);
        child<QDoubleSpinBox>(&page, "keyBudget")->setValue(0);
        child<QPlainTextEdit>(&page, "keyAllowlist")->clear();
        for (const QString &family : SlotMap::families()) {
            page.findChild<QComboBox *>(QStringLiteral("slotTarget_") + family)->setEditText(QString());
            page.findChild<QLineEdit *>(QStringLiteral("slotModel_") + family)->clear();
            page.findChild<QComboBox *>(QStringLiteral("slotEffort_") + family)->setCurrentIndex(0);
        }
        QTest::mouseClick(child<QPushButton>(&page, "saveKey"), Qt::LeftButton);
        stored = keyById(f.keys(), id);
        QVERIFY(!stored.expiresAt.isValid());
        QCOMPARE(stored.dailyBudget, 0.0);
        QVERIFY(stored.allowedModels.isEmpty());
        QVERIFY(stored.slotMap.isEmpty());
        QCOMPARE(model->index(0, ClientKeyModel::ExpiresColumn).data().toString(), QStringLiteral("Never"));
        f.controller.shutdown();
    }

    void unknownSlotTargetIsSavedWithAWarning()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        const qint64 id = f.addKey(QStringLiteral("k"));
        ClientKeysPage page(&f.controller);
        page.selectKey(id);
        QTest::keyClicks(child<QComboBox>(&page, "slotTarget_opus")->lineEdit(),
                         QStringLiteral("later,model-x"));
        QTest::mouseClick(child<QPushButton>(&page, "saveKey"), Qt::LeftButton);
        QCOMPARE(SlotMap::entry(keyById(f.keys(), id).slotMap, QStringLiteral("opus")).target,
                 QStringLiteral("later,model-x"));
        QVERIFY(child<QLabel>(&page, "keyMessage")->text().contains(QStringLiteral("later,model-x")));
        f.controller.shutdown();
    }

    void disableAndEnable()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        const qint64 id = f.addKey(QStringLiteral("k"));
        ClientKeysPage page(&f.controller);
        page.selectKey(id);
        auto *toggle = child<QPushButton>(&page, "toggleKeyDisabled");
        QCOMPARE(toggle->text(), QStringLiteral("Disable"));
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(keyById(f.keys(), id).disabled);
        QCOMPARE(page.model()->index(0, ClientKeyModel::StatusColumn).data().toString(),
                 QStringLiteral("Disabled"));
        QCOMPARE(toggle->text(), QStringLiteral("Enable"));
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(!keyById(f.keys(), id).disabled);
        QCOMPARE(page.model()->index(0, ClientKeyModel::StatusColumn).data().toString(),
                 QStringLiteral("Active"));

        // Saving the editor keeps a disable made meanwhile elsewhere (e.g. the admin API).
        ClientKey key = keyById(f.keys(), id);
        key.disabled = true;
        QVERIFY(f.controller.storage()->saveClientKey(&key));
        child<QDoubleSpinBox>(&page, "keyBudget")->setValue(3);
        QTest::mouseClick(child<QPushButton>(&page, "saveKey"), Qt::LeftButton);
        QVERIFY(keyById(f.keys(), id).disabled);
        QCOMPARE(keyById(f.keys(), id).dailyBudget, 3.0);
        f.controller.shutdown();
    }

    void deleteAsksFirst()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        const qint64 keep = f.addKey(QStringLiteral("keep"));
        const qint64 doomed = f.addKey(QStringLiteral("doomed"));
        ClientKeysPage page(&f.controller);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.selectKey(doomed);
        auto *remove = child<QPushButton>(&page, "deleteKey");

        QTest::mouseClick(remove, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = openBox(&page, "confirmDeleteKey")));
        QVERIFY(box->text().contains(QStringLiteral("doomed")));
        box->button(QMessageBox::Cancel)->click();
        QCOMPARE(f.keys().size(), 2);

        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_VERIFY((box = openBox(&page, "confirmDeleteKey")));
        confirmButton(box)->click();
        const QList<ClientKey> keys = f.keys();
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first().id, keep);
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.selectedKeyId(), 0);
        QVERIFY(!child<QWidget>(&page, "keyEditor")->isEnabled());
        f.controller.shutdown();
    }

    void changesElsewhereShowUp()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        ClientKeysPage page(&f.controller);
        QCOMPARE(page.model()->rowCount(), 0);
        f.addKey(QStringLiteral("from-the-api"));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, 0).data().toString(), QStringLiteral("from-the-api"));
        // New channels become slot targets.
        f.addRoutes();
        QVERIFY(
            child<QComboBox>(&page, "slotTarget_haiku")->findText(QStringLiteral("main,claude-sonnet-4-5"))
            > 0);
        f.controller.shutdown();
    }

    void modelUnderTester()
    {
        ClientKeyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now = QDateTime(QDate(2025, 5, 1), QTime(12, 0), Qt::UTC);
        model.setNow(now);

        ClientKey active;
        active.id = 7;
        active.name = QStringLiteral("active");
        active.prefix = QStringLiteral("sy-abcd");
        active.createdAt = now.addDays(-3);
        active.dailyBudget = 2.5;
        ClientKey expired = active;
        expired.id = 8;
        expired.name = QStringLiteral("old");
        expired.expiresAt = now.addSecs(-1);
        expired.allowedModels = {QStringLiteral("gpt-*"), QStringLiteral("claude-*")};
        ClientKey disabled = active;
        disabled.id = 9;
        disabled.disabled = true;
        disabled.slotMap = SlotMap::withEntry({}, QStringLiteral("haiku"),
                                              {QStringLiteral("auto:fast"), {}, QStringLiteral("low")});
        model.setKeys({active, expired, disabled});

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(ClientKeyModel::ColumnCount));
        QCOMPARE(model.rowOf(8), 1);
        QCOMPARE(model.rowOf(99), -1);
        QCOMPARE(model.keyAt(2)->id, 9);
        QVERIFY(!model.keyAt(3));
        QCOMPARE(model.index(1, 0).data(ClientKeyModel::IdRole).toLongLong(), 8);
        QCOMPARE(model.index(0, ClientKeyModel::PrefixColumn).data().toString(), QStringLiteral("sy-abcd…"));
        QCOMPARE(model.index(0, ClientKeyModel::ExpiresColumn).data().toString(), QStringLiteral("Never"));
        QCOMPARE(model.index(0, ClientKeyModel::StatusColumn).data().toString(), QStringLiteral("Active"));
        QCOMPARE(model.index(1, ClientKeyModel::StatusColumn).data().toString(), QStringLiteral("Expired"));
        QCOMPARE(model.index(2, ClientKeyModel::StatusColumn).data().toString(), QStringLiteral("Disabled"));
        QVERIFY(
            model.index(0, ClientKeyModel::BudgetColumn).data().toString().contains(QStringLiteral("2.50")));
        QCOMPARE(model.index(0, ClientKeyModel::AllowlistColumn).data().toString(),
                 QStringLiteral("All models"));
        QCOMPARE(model.index(1, ClientKeyModel::AllowlistColumn).data().toString(),
                 QStringLiteral("gpt-*, claude-*"));
        QCOMPARE(model.index(2, ClientKeyModel::SlotMapColumn).data().toString(),
                 QStringLiteral("haiku → auto:fast (low)"));
        QVERIFY(model.index(1, 0).data(Qt::ForegroundRole).isValid()); // expired reads as inactive
        QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.headerData(ClientKeyModel::BudgetColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Daily budget"));

        model.setKeys({disabled});
        QCOMPARE(model.rowCount(), 1);
        model.retranslate();
        model.setKeys({});
        QCOMPARE(model.rowCount(), 0);
    }

    void allowlistParsing()
    {
        QCOMPARE(ClientKeysPage::parseAllowlist(QStringLiteral(" a, b\n\nc ,a\r\n")),
                 (QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QVERIFY(ClientKeysPage::parseAllowlist(QStringLiteral(" , \n")).isEmpty());
    }

    void slotMapHelpers()
    {
        // A bare-string entry is a target; unknown families and fields survive an edit elsewhere.
        const QJsonObject loaded = QJsonDocument::fromJson(R"({
            "opus": "main",
            "sonnet": {"target": "g", "note": "kept"},
            "custom": {"target": "x"}})")
                                       .object();
        QCOMPARE(SlotMap::entry(loaded, QStringLiteral("opus")),
                 (SlotMap::Entry {QStringLiteral("main"), {}, {}}));
        QVERIFY(SlotMap::entry(loaded, QStringLiteral("haiku")).isEmpty());

        SlotMapEditor editor;
        editor.setTargetCandidates({QStringLiteral("main"), QStringLiteral("g")});
        editor.setSlotMap(loaded);
        QCOMPARE(editor.slotMap(), loaded); // untouched: byte for byte
        editor.findChild<QComboBox *>(QStringLiteral("slotEffort_haiku"))->setCurrentIndex(1);
        QJsonObject edited = editor.slotMap();
        QCOMPARE(edited.value(QStringLiteral("opus")), loaded.value(QStringLiteral("opus")));
        QCOMPARE(edited.value(QStringLiteral("custom")), loaded.value(QStringLiteral("custom")));
        QCOMPARE(edited.value(QStringLiteral("haiku")).toObject().value(QStringLiteral("effort")).toString(),
                 SlotMap::efforts().first());

        QCOMPARE(SlotMap::withEntry(loaded, QStringLiteral("opus"), {}).contains(QStringLiteral("opus")),
                 false);

        ConfigData config;
        Channel channel;
        channel.name = QStringLiteral("main");
        channel.models = {QStringLiteral("b-model"), QStringLiteral("a-model")};
        config.channels << channel;
        ModelGroup group;
        group.name = QStringLiteral("auto:fast");
        config.groups << group;
        QCOMPARE(SlotMap::targetCandidates(config),
                 (QStringList {QStringLiteral("auto:fast"), QStringLiteral("main"),
                               QStringLiteral("main,a-model"), QStringLiteral("main,b-model")}));
        QVERIFY(SlotMap::isKnownTarget(config, QStringLiteral("main,anything")));
        QVERIFY(SlotMap::isKnownTarget(config, QStringLiteral("auto:fast")));
        QVERIFY(SlotMap::isKnownTarget(config, QString()));
        QVERIFY(!SlotMap::isKnownTarget(config, QStringLiteral("other,model")));
        QVERIFY(!SlotMap::isKnownTarget(config, QStringLiteral("main,")));
    }

    void screenshots()
    {
        Fixture f;
        QVERIFY(f.controller.start().running);
        f.addRoutes();
        const qint64 id = f.addKey(QStringLiteral("claude-code"));
        ClientKey key = keyById(f.keys(), id);
        key.dailyBudget = 5;
        key.allowedModels = {QStringLiteral("claude-*")};
        key.slotMap = SlotMap::withEntry(
            {}, QStringLiteral("opus"), {QStringLiteral("main,claude-opus-4-1"), {}, QStringLiteral("high")});
        key.slotMap =
            SlotMap::withEntry(key.slotMap, QStringLiteral("haiku"), {QStringLiteral("auto:fast"), {}, {}});
        QVERIFY(f.controller.storage()->saveClientKey(&key));
        ClientKey old = ClientKeys::makeRecord(QStringLiteral("old-laptop"), ClientKeys::generate());
        old.disabled = true;
        old.expiresAt = QDateTime::currentDateTimeUtc().addDays(-2);
        QVERIFY(f.controller.storage()->saveClientKey(&old));

        ClientKeysPage page(&f.controller);
        page.resize(960, 720);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::keyClicks(child<QLineEdit>(&page, "newKeyName"), QStringLiteral("ci"));
        QTest::mouseClick(child<QPushButton>(&page, "createKey"), Qt::LeftButton);
        page.selectKey(id);
        QVERIFY(Test::savePageShots(&page, QStringLiteral("clientkeys")));
        f.controller.shutdown();
    }
};

QTEST_MAIN(TestClientKeysPage)
#include "tst_clientkeyspage.moc"
