// The providers page over a real AppController (real store, file secret store, proxy thread),
// offscreen: every action goes through the page's widgets and is checked in the store. Test and
// Discover run against an in-process fake upstream. Screenshots in en and zh_CN go to
// /tmp/shots-providers (or $SWITCHYARD_SHOTS_DIR).

#include "appcontroller.h"
#include "channeleditor.h"
#include "channelmodel.h"
#include "fakeupstream.h"
#include "languagemanager.h"
#include "pricemodel.h"
#include "providereditor.h"
#include "providermodel.h"
#include "providerspage.h"
#include "secretstore.h"
#include "storage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <QTreeWidget>

#include <memory>

using namespace Switchyard;
using namespace Switchyard::Test;

namespace {

const QString Key = QStringLiteral("sk-ant-api03-SECRETxyz0123456789abcdefghijklmnop");

template<typename T>
T *child(QWidget *root, const char *name)
{
    T *widget = root->findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("missing widget %s", name);
    return widget;
}

// Answers the next confirmation box with Yes once it is open (bounded: 100 tries, 20 ms apart).
void acceptNextConfirmation(int tries = 100)
{
    QTimer::singleShot(20, qApp, [tries] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box && box->objectName() == u"confirmRemoval") {
            box->button(QMessageBox::Yes)->click();
        } else if (tries > 0) {
            acceptNextConfirmation(tries - 1);
        }
    });
}

// Every text the page shows anywhere: labels, line edits, combo items, list/tree items, view cells.
QStringList visibleTexts(QWidget *root)
{
    QStringList texts;
    for (auto *label : root->findChildren<QLabel *>())
        texts << label->text() << label->toolTip();
    for (auto *edit : root->findChildren<QLineEdit *>())
        texts << edit->text() << edit->placeholderText();
    for (auto *combo : root->findChildren<QComboBox *>()) {
        for (int i = 0; i < combo->count(); ++i)
            texts << combo->itemText(i);
    }
    for (auto *view : root->findChildren<QAbstractItemView *>()) {
        QAbstractItemModel *model = view->model();
        for (int row = 0; model && row < model->rowCount(); ++row) {
            for (int column = 0; column < model->columnCount(); ++column) {
                const QModelIndex index = model->index(row, column);
                texts << index.data(Qt::DisplayRole).toString() << index.data(Qt::ToolTipRole).toString();
            }
        }
    }
    return texts;
}

} // namespace

class TestProvidersPage : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        QTemporaryDir dir;
        std::unique_ptr<AppController> controller;
        std::unique_ptr<ProvidersPage> page;
        std::unique_ptr<QAbstractItemModelTester> providerTester, channelTester, priceTester;

        bool start()
        {
            AppOptions opts;
            opts.dataDir = dir.path();
            opts.port = 0;
            opts.insecureSecretsFile = true;
            controller = std::make_unique<AppController>(opts);
            if (!controller->start().running || !controller->secretStore())
                return false;
            page = std::make_unique<ProvidersPage>(controller.get());
            const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
            providerTester = std::make_unique<QAbstractItemModelTester>(page->providerModel(), mode);
            channelTester = std::make_unique<QAbstractItemModelTester>(page->channelModel(), mode);
            priceTester =
                std::make_unique<QAbstractItemModelTester>(page->providerEditor()->priceModel(), mode);
            page->resize(1100, 760);
            page->show();
            return QTest::qWaitForWindowExposed(page.get());
        }
        ~Fixture()
        {
            providerTester.reset();
            channelTester.reset();
            priceTester.reset();
            page.reset();
            if (controller)
                controller->shutdown();
        }
        ConfigData config() const { return controller->storage()->loadConfig(); }
        template<typename T>
        T *w(const char *name) const
        {
            return child<T>(page.get(), name);
        }

        // Through the widgets: pick the preset, press "Add provider".
        void addPreset(const QString &id)
        {
            auto *combo = w<QComboBox>("presetCombo");
            combo->setCurrentIndex(combo->findData(id));
            QTest::mouseClick(w<QPushButton>("addProvider"), Qt::LeftButton);
        }
        void addKey(const QString &key)
        {
            auto *field = w<QLineEdit>("newKey");
            field->clear();
            QTest::keyClicks(field, key);
            QTest::mouseClick(w<QPushButton>("addKey"), Qt::LeftButton);
        }
        void replaceText(const char *name, const QString &text)
        {
            auto *edit = w<QLineEdit>(name);
            edit->selectAll();
            QTest::keyClick(edit, Qt::Key_Delete);
            QTest::keyClicks(edit, text);
        }
        void settle() { QTest::qWait(30); } // lets the queued reload after a store write run
    };

private Q_SLOTS:
    void initTestCase()
    {
        // No keychain in this process: the 0600 file store (opted in) holds the keys.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus");
    }

    void createFromPresetWithKeyNeverShowsTheKey()
    {
        Fixture f;
        QVERIFY(f.start());
        f.addPreset(QStringLiteral("anthropic"));

        ConfigData config = f.config();
        QCOMPARE(config.providers.size(), 1);
        const Provider provider = config.providers.first();
        QCOMPARE(provider.name, QStringLiteral("Anthropic"));
        QCOMPARE(provider.protocol, Protocol::Anthropic);
        QCOMPARE(provider.baseUrl, QStringLiteral("https://api.anthropic.com"));
        QVERIFY(!provider.prices.isEmpty());
        QCOMPARE(config.channels.size(), 1);
        QCOMPARE(config.channels.first().providerId, provider.id);
        QCOMPARE(config.channels.first().name, QStringLiteral("anthropic"));
        QVERIFY(config.channels.first().models.contains(QStringLiteral("claude-haiku-4-5")));
        QCOMPARE(f.page->currentProviderId(), provider.id);
        QCOMPARE(f.page->currentChannelId(), config.channels.first().id);
        QCOMPARE(f.w<QTabWidget>("providerTabs")->currentIndex(), 1); // straight to the channel for its key

        f.addKey(Key);
        f.settle();
        config = f.config();
        QCOMPARE(config.channels.first().keys.size(), 1);
        const ChannelKey key = config.channels.first().keys.first();
        QVERIFY(key.id > 0);
        QVERIFY2(key.secretRef.startsWith(u"channel-key/"), qPrintable(key.secretRef));
        QCOMPARE(key.fingerprint, SecretStore::fingerprintFor(Key.toUtf8()));
        QVERIFY(!key.hint.isEmpty() && key.hint.size() < 16 && Key.startsWith(key.hint.left(6)));
        QCOMPARE(f.controller->secretStore()->read(key.secretRef).value_or(QByteArray()), Key.toUtf8());

        // Never again in full: not in the key field, not anywhere on the page, not in the database.
        QVERIFY(f.w<QLineEdit>("newKey")->text().isEmpty());
        const QStringList texts = visibleTexts(f.page.get());
        QVERIFY(texts.join(u'\n').contains(key.hint));
        for (const QString &text : texts)
            QVERIFY2(!text.contains(Key.mid(12)), qPrintable(text));
        f.controller->storage()->flushUsage();
        for (const QString &name :
             QDir(f.dir.path()).entryList({QStringLiteral("switchyard.db*")}, QDir::Files)) {
            QFile file(f.dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(Key.toUtf8()), qPrintable(name));
        }
        auto *keys = f.w<QTreeWidget>("keyList");
        QCOMPARE(keys->topLevelItemCount(), 1);
        QCOMPARE(keys->topLevelItem(0)->text(0), key.hint);

        // The same key again is refused; a second preset gets a unique provider and channel name.
        f.addKey(Key);
        QCOMPARE(f.config().channels.first().keys.size(), 1);
        QVERIFY(f.w<QLabel>("channelError")->isVisibleTo(f.page.get()));
        f.addPreset(QStringLiteral("anthropic"));
        config = f.config();
        QCOMPARE(config.providers.size(), 2);
        QCOMPARE(config.providers.at(1).name, QStringLiteral("Anthropic 2"));
        QCOMPARE(config.channels.at(1).name, QStringLiteral("anthropic-2"));
    }

    void editChannelPriorityAndModels()
    {
        Fixture f;
        QVERIFY(f.start());
        f.addPreset(QStringLiteral("deepseek"));
        const qint64 channelId = f.page->currentChannelId();
        QVERIFY(channelId > 0);

        QVERIFY(!f.w<QPushButton>("saveChannel")->isEnabled());
        f.w<QSpinBox>("channelPriority")->setValue(7);
        f.w<QSpinBox>("channelWeight")->setValue(3);
        QTest::keyClicks(f.w<QLineEdit>("newModel"), QStringLiteral("deepseek-v4"));
        QTest::mouseClick(f.w<QPushButton>("addModel"), Qt::LeftButton);
        auto *models = f.w<QListWidget>("channelModels");
        const QList<QListWidgetItem *> reasoner =
            models->findItems(QStringLiteral("deepseek-reasoner"), Qt::MatchExactly);
        QCOMPARE(reasoner.size(), 1);
        reasoner.first()->setSelected(true);
        QTest::mouseClick(f.w<QPushButton>("removeModel"), Qt::LeftButton);
        f.replaceText("channelBaseUrl", QStringLiteral("https://api.deepseek.com/beta"));
        QVERIFY(f.w<QPushButton>("saveChannel")->isEnabled());
        QTest::mouseClick(f.w<QPushButton>("saveChannel"), Qt::LeftButton);
        f.settle();

        const ConfigData saved = f.config();
        const Channel *channel = saved.channelById(channelId);
        QVERIFY(channel);
        QCOMPARE(channel->priority, 7);
        QCOMPARE(channel->weight, 3);
        QCOMPARE(channel->baseUrl, QStringLiteral("https://api.deepseek.com/beta"));
        QCOMPARE(channel->models,
                 (QStringList {QStringLiteral("deepseek-chat"), QStringLiteral("deepseek-v4")}));
        // The table shows the stored values, and the editor is clean again.
        const int row = f.page->channelModel()->rowOf(channelId);
        QCOMPARE(f.page->channelModel()->index(row, ChannelModel::Priority).data().toInt(), 7);
        QVERIFY(!f.w<QPushButton>("saveChannel")->isEnabled());

        // Revert drops unsaved edits.
        f.w<QSpinBox>("channelPriority")->setValue(99);
        QTest::mouseClick(f.w<QPushButton>("revertChannel"), Qt::LeftButton);
        QCOMPARE(f.w<QSpinBox>("channelPriority")->value(), 7);

        // A second channel through "Add channel" starts with the sibling's models.
        QTest::mouseClick(f.w<QPushButton>("addChannel"), Qt::LeftButton);
        f.settle();
        const ConfigData config = f.config();
        QCOMPARE(config.channels.size(), 2);
        QCOMPARE(config.channels.at(1).name, QStringLiteral("deepseek-2"));
        QCOMPARE(config.channels.at(1).models, channel->models);
        QCOMPARE(f.page->currentChannelId(), config.channels.at(1).id);
    }

    void enableDisableAndDelete()
    {
        Fixture f;
        QVERIFY(f.start());
        f.addPreset(QStringLiteral("openai"));
        f.addKey(QStringLiteral("sk-proj-openaikey-0123456789abcdef"));
        f.addPreset(QStringLiteral("groq"));
        ConfigData config = f.config();
        QCOMPARE(config.providers.size(), 2);
        const qint64 openai = config.providers.at(0).id;
        const qint64 groq = config.providers.at(1).id;
        const QString secretRef = config.channels.at(0).keys.at(0).secretRef;

        // Disable the groq channel and the openai provider through the table check boxes.
        auto *channelView = f.w<QTableView>("channelList");
        QVERIFY(channelView->model()->setData(channelView->model()->index(0, ChannelModel::Enabled),
                                              Qt::Unchecked, Qt::CheckStateRole));
        f.settle();
        QCOMPARE(f.config().channels.at(1).enabled, false);
        QCOMPARE(f.config().channels.at(0).enabled, true);
        auto *providerView = f.w<QTableView>("providerList");
        const int openaiRow = f.page->providerModel()->rowOf(openai);
        QVERIFY(
            providerView->model()->setData(providerView->model()->index(openaiRow, ProviderModel::Enabled),
                                           Qt::Unchecked, Qt::CheckStateRole));
        f.settle();
        QCOMPARE(f.config().providerById(openai)->enabled, false);
        QCOMPARE(f.config().providerById(groq)->enabled, true);
        QCOMPARE(f.page->providerModel()
                     ->index(openaiRow, ProviderModel::Enabled)
                     .data(Qt::CheckStateRole)
                     .toInt(),
                 int(Qt::Unchecked));
        // And on again from the provider editor.
        f.page->selectProvider(openai);
        auto *enabled = f.w<QCheckBox>("providerEnabled");
        QVERIFY(!enabled->isChecked());
        enabled->click();
        QTest::mouseClick(f.w<QPushButton>("saveProvider"), Qt::LeftButton);
        QCOMPARE(f.config().providerById(openai)->enabled, true);

        // Cancel keeps it, Yes deletes: the channel, then the provider with its channels and keys.
        f.page->selectProvider(groq);
        QTimer::singleShot(50, qApp, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Cancel)->click();
        });
        QTest::mouseClick(f.w<QPushButton>("deleteChannel"), Qt::LeftButton);
        QCOMPARE(f.config().channels.size(), 2);
        acceptNextConfirmation();
        QTest::mouseClick(f.w<QPushButton>("deleteChannel"), Qt::LeftButton);
        f.settle();
        config = f.config();
        QCOMPARE(config.channels.size(), 1);
        QCOMPARE(config.providers.size(), 2);

        f.page->selectProvider(openai);
        acceptNextConfirmation();
        QTest::mouseClick(f.w<QPushButton>("deleteProvider"), Qt::LeftButton);
        f.settle();
        config = f.config();
        QCOMPARE(config.providers.size(), 1);
        QCOMPARE(config.providers.first().id, groq);
        QVERIFY(config.channels.isEmpty());
        QVERIFY(!f.controller->secretStore()->read(secretRef).has_value()); // the key left the keychain too
    }

    void removeAndReenableKeys()
    {
        Fixture f;
        QVERIFY(f.start());
        f.addPreset(QStringLiteral("moonshot"));
        f.addKey(QStringLiteral("sk-moon-first-0123456789"));
        f.addKey(QStringLiteral("sk-moon-second-0123456789"));
        const qint64 channelId = f.page->currentChannelId();
        Channel channel = *f.config().channelById(channelId);
        QCOMPARE(channel.keys.size(), 2);

        // What the app does when the proxy disables a key after a 401.
        channel.keys[1].disabled = true;
        channel.keys[1].disabledReason = QStringLiteral("HTTP 401: invalid key");
        QVERIFY(f.controller->storage()->saveChannel(&channel));
        auto *keys = f.w<QTreeWidget>("keyList");
        QTRY_VERIFY(keys->topLevelItemCount() == 2
                    && keys->topLevelItem(1)->text(1).contains(QLatin1String("HTTP 401: invalid key")));
        auto *reenable = f.w<QPushButton>("reenableKey");
        keys->setCurrentItem(keys->topLevelItem(0));
        QVERIFY(!reenable->isEnabled()); // an active key
        keys->setCurrentItem(keys->topLevelItem(1));
        QVERIFY(reenable->isEnabled());
        QTest::mouseClick(reenable, Qt::LeftButton);
        channel = *f.config().channelById(channelId);
        QCOMPARE(channel.keys.at(1).disabled, false);
        QVERIFY(channel.keys.at(1).disabledReason.isEmpty());
        QVERIFY(!keys->topLevelItem(1)->text(1).contains(QLatin1String("401")));

        const QString firstRef = channel.keys.at(0).secretRef;
        keys->setCurrentItem(keys->topLevelItem(0));
        acceptNextConfirmation();
        QTest::mouseClick(f.w<QPushButton>("removeKey"), Qt::LeftButton);
        channel = *f.config().channelById(channelId);
        QCOMPARE(channel.keys.size(), 1);
        QVERIFY(channel.keys.first().secretRef != firstRef);
        QVERIFY(!f.controller->secretStore()->read(firstRef).has_value());
    }

    void editPricesPersisted()
    {
        Fixture f;
        QVERIFY(f.start());
        f.addPreset(QStringLiteral("openai"));
        f.w<QTabWidget>("providerTabs")->setCurrentIndex(0);
        const qint64 providerId = f.page->currentProviderId();
        auto *view = f.w<QTableView>("priceTable");
        QAbstractItemModel *model = view->model();
        const int before = model->rowCount();
        QVERIFY(before > 0);

        // Change gpt-4o's input price, add a new row, remove another.
        const QModelIndexList gpt4o = model->match(model->index(0, PriceModel::Model), Qt::DisplayRole,
                                                   QStringLiteral("gpt-4o"), 1, Qt::MatchExactly);
        QCOMPARE(gpt4o.size(), 1);
        QVERIFY(model->setData(gpt4o.first().siblingAtColumn(PriceModel::Input), 2.25));
        QTest::mouseClick(f.w<QPushButton>("addPrice"), Qt::LeftButton);
        QCOMPARE(model->rowCount(), before + 1);
        QVERIFY(model->setData(model->index(before, PriceModel::Model), QStringLiteral("my-model*")));
        QVERIFY(model->setData(model->index(before, PriceModel::Output), 4.5));
        QVERIFY(!model->setData(model->index(before, PriceModel::Input), -1)); // refused
        view->selectRow(0);
        const QString removed = model->index(0, PriceModel::Model).data().toString();
        QTest::mouseClick(f.w<QPushButton>("removePrice"), Qt::LeftButton);
        QTest::mouseClick(f.w<QPushButton>("saveProvider"), Qt::LeftButton);
        f.settle();

        ConfigData saved = f.config();
        const Provider *provider = saved.providerById(providerId);
        QVERIFY(provider);
        QCOMPARE(provider->prices.size(), before);
        bool sawNew = false;
        for (const ModelPrice &price : provider->prices) {
            QVERIFY(price.model != removed);
            if (price.model == u"gpt-4o")
                QCOMPARE(price.inputPerMTok, 2.25);
            if (price.model == u"my-model*") {
                sawNew = true;
                QCOMPARE(price.outputPerMTok, 4.5);
                QCOMPARE(price.inputPerMTok, 0.0);
            }
        }
        QVERIFY(sawNew);

        // Provider fields too.
        f.replaceText("providerBaseUrl", QStringLiteral("https://proxy.example.com/v1"));
        f.replaceText("providerCapabilities", QStringLiteral("tools, vision, tools"));
        QTest::mouseClick(f.w<QPushButton>("saveProvider"), Qt::LeftButton);
        saved = f.config();
        provider = saved.providerById(providerId);
        QCOMPARE(provider->baseUrl, QStringLiteral("https://proxy.example.com/v1"));
        QCOMPARE(provider->capabilities, (QStringList {QStringLiteral("tools"), QStringLiteral("vision")}));
    }

    void testAndDiscoverAgainstFakeUpstream()
    {
        FakeUpstream fake;
        fake.setHandler(QStringLiteral("/v1/chat/completions"), [](FakeExchange &ex) {
            ex.beginStream(200)
                .delay(80)
                .sendChunk(R"(data: {"choices":[{"index":0,"delta":{"content":"OK"}}]})"
                           "\n\n")
                .delay(40)
                .sendChunk("data: [DONE]\n\n")
                .endStream();
        });
        fake.setHandler(QStringLiteral("/v1/models"), [](FakeExchange &ex) {
            ex.delay(150).respondJson(200, R"({"data":[{"id":"fake-large"},{"id":"fake-small"}]})");
        });

        Fixture f;
        QVERIFY(f.start());
        f.addPreset(QStringLiteral("custom-openai"));
        f.w<QTabWidget>("providerTabs")->setCurrentIndex(0);
        const QString base = fake.url(QStringLiteral("/v1")).toString();
        f.replaceText("providerBaseUrl", base);
        QTest::mouseClick(f.w<QPushButton>("saveProvider"), Qt::LeftButton);
        f.w<QTabWidget>("providerTabs")->setCurrentIndex(1);
        QTRY_COMPARE(f.w<QLineEdit>("channelBaseUrl")->placeholderText(), base);
        const QString key = QStringLiteral("sk-local-0123456789abcdef");
        f.addKey(key);

        // Discover: a progress bar while it runs, then the models merged into the list.
        QTest::mouseClick(f.w<QPushButton>("discoverModels"), Qt::LeftButton);
        QVERIFY(f.w<QProgressBar>("discoverProgress")->isVisible());
        QVERIFY(!f.w<QPushButton>("discoverModels")->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(f.w<QProgressBar>("discoverProgress")->isHidden(), 5000);
        QVERIFY2(f.w<QLabel>("discoverStatus")->text().contains(u'2'),
                 qPrintable(f.w<QLabel>("discoverStatus")->text()));
        auto *models = f.w<QListWidget>("channelModels");
        QCOMPARE(models->count(), 2);
        QCOMPARE(fake.lastRequest().header("authorization"), "Bearer " + key.toUtf8());
        QTest::mouseClick(f.w<QPushButton>("saveChannel"), Qt::LeftButton);
        QCOMPARE(f.config().channels.first().models,
                 (QStringList {QStringLiteral("fake-large"), QStringLiteral("fake-small")}));

        // Test: latency and time to first token shown.
        auto *testModel = f.w<QComboBox>("testModel");
        testModel->setCurrentText(QStringLiteral("fake-small"));
        QTest::mouseClick(f.w<QPushButton>("testChannel"), Qt::LeftButton);
        auto *result = f.w<QLabel>("testResult");
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QLatin1String("OK")), 5000);
        QVERIFY2(result->text().contains(QLatin1String("ms")), qPrintable(result->text()));
        const RecordedRequest request = fake.lastRequest();
        QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(request.header("authorization"), "Bearer " + key.toUtf8());
        QCOMPARE(request.json().value(u"model").toString(), QStringLiteral("fake-small"));

        // A failing upstream is reported, without the key.
        fake.setHandler(QStringLiteral("/v1/chat/completions"),
                        FakeUpstream::jsonResponse(401, R"({"error":{"message":"bad key"}})"));
        QTest::mouseClick(f.w<QPushButton>("testChannel"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QLatin1String("401")), 5000);
        QVERIFY(result->text().contains(QLatin1String("bad key")));
        QVERIFY(!result->text().contains(key));
    }

    void modelsUnderTester()
    {
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        ProviderModel providers;
        QAbstractItemModelTester providerTester(&providers, mode);
        Provider a;
        a.id = 1;
        a.name = QStringLiteral("A");
        a.protocol = Protocol::Anthropic;
        Provider b = a;
        b.id = 2;
        b.name = QStringLiteral("B");
        b.protocol = Protocol::Gemini;
        providers.setProviders({a, b}, {{1, 3}});
        QCOMPARE(providers.rowCount(), 2);
        QCOMPARE(providers.index(0, ProviderModel::Channels).data().toInt(), 3);
        QCOMPARE(providers.index(1, ProviderModel::Channels).data().toInt(), 0);
        QCOMPARE(providers.rowOf(2), 1);
        QVERIFY(
            providers.setData(providers.index(1, ProviderModel::Enabled), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(providers.item(1).enabled, false);
        QVERIFY(!providers.setData(providers.index(1, ProviderModel::Name), QStringLiteral("x")));
        QVERIFY(providers.flags(providers.index(0, ProviderModel::Enabled)) & Qt::ItemIsUserCheckable);
        providers.retranslate();
        providers.setProviders({}, {});

        ChannelModel channels;
        QAbstractItemModelTester channelTester(&channels, mode);
        Channel c;
        c.id = 5;
        c.name = QStringLiteral("c");
        c.models = {QStringLiteral("m1"), QStringLiteral("m2")};
        c.keys = {ChannelKey {}, ChannelKey {}};
        c.keys[1].disabled = true;
        c.priority = 4;
        channels.setChannels({c});
        QCOMPARE(channels.index(0, ChannelModel::Priority).data().toInt(), 4);
        QVERIFY(channels.index(0, ChannelModel::Keys).data().toString().contains(u'1'));
        QVERIFY(channels.index(0, ChannelModel::Models)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("m2")));
        QVERIFY(
            channels.setData(channels.index(0, ChannelModel::Enabled), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(channels.item(0).enabled, false);

        PriceModel prices;
        QAbstractItemModelTester priceTester(&prices, mode);
        prices.setPrices({ModelPrice {QStringLiteral("x"), 1, 2, 0.1, 1.25}});
        QCOMPARE(prices.index(0, PriceModel::CacheWrite).data().toString(), QStringLiteral("1.25"));
        QCOMPARE(prices.index(0, PriceModel::Output).data(Qt::EditRole).toDouble(), 2.0);
        const QModelIndex added = prices.addPrice();
        QCOMPARE(prices.prices().size(), 1); // an unnamed row is not a price
        QVERIFY(prices.setData(added, QStringLiteral(" y ")));
        QCOMPARE(prices.prices().size(), 2);
        QCOMPARE(prices.prices().at(1).model, QStringLiteral("y"));
        QVERIFY(!prices.setData(prices.index(0, PriceModel::Input), QStringLiteral("abc")));
        QVERIFY(prices.removeRows(0, 1));
        QVERIFY(!prices.removeRows(3, 1));
        QCOMPARE(prices.prices().size(), 1);
    }

    void screenshotsInBothLanguages()
    {
        Fixture f;
        QVERIFY(f.start());
        f.addPreset(QStringLiteral("deepseek"));
        f.addKey(QStringLiteral("sk-deepseek-0123456789abcdef"));
        f.addPreset(QStringLiteral("ollama"));
        f.addPreset(QStringLiteral("anthropic"));
        f.addKey(Key);
        Channel channel = *f.config().channelById(f.page->currentChannelId());
        f.addKey(QStringLiteral("sk-ant-api03-OTHER-0123456789abcdef"));
        channel = *f.config().channelById(f.page->currentChannelId());
        channel.keys[1].disabled = true;
        channel.keys[1].disabledReason = QStringLiteral("HTTP 401: invalid x-api-key");
        QVERIFY(f.controller->storage()->saveChannel(&channel));
        f.settle();
        f.w<QLabel>("testResult")
            ->setText(QStringLiteral("OK: 412 ms in total, first token after 180 ms. Reply: \"OK\""));

        const QString dir = qEnvironmentVariable("SWITCHYARD_SHOTS_DIR",
                                                 QDir::tempPath() + QStringLiteral("/shots-providers"));
        QVERIFY(QDir().mkpath(dir));
        LanguageManager languages;
        QTranslator extra; // the page's own translations before the lead merges them into the .ts files
        for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            QVERIFY(languages.setLanguage(language));
            if (language == u"zh_CN" && extra.load(qEnvironmentVariable("SWITCHYARD_EXTRA_QM")))
                QCoreApplication::installTranslator(&extra);
            QCoreApplication::processEvents();
            const QString channels = QCoreApplication::translate("Switchyard::ProvidersPage", "Channels");
            QCOMPARE(f.w<QTabWidget>("providerTabs")->tabText(1), channels);
            for (int tab : {1, 0}) {
                f.w<QTabWidget>("providerTabs")->setCurrentIndex(tab);
                QCoreApplication::processEvents();
                const QString file = QStringLiteral("%1/providers-%2-%3.png")
                                         .arg(dir, language, tab ? u"channels" : u"provider");
                QVERIFY(f.page->grab().save(file));
            }
        }
        QCoreApplication::removeTranslator(&extra);
        languages.setLanguage(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestProvidersPage)
#include "tst_providerspage.moc"
