#include "firstrunwizard.h"

#include "appcontroller.h"
#include "connectclaudewidget.h"
#include "providerpresets.h"
#include "secretstore.h"
#include "storage.h"
#include "uilogging.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWizardPage>

namespace Switchyard {

namespace {

QLabel *wrappingLabel(QWidget *parent, const char *name = nullptr)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    if (name)
        label->setObjectName(QLatin1String(name));
    return label;
}

// name, or name plus " 2", " 3", ... when taken.
QString uniqueName(const QString &name, const std::function<bool(const QString &)> &taken,
                   const QString &separator)
{
    QString candidate = name;
    for (int n = 2; taken(candidate) && n < 1000; ++n)
        candidate = name + separator + QString::number(n);
    return candidate;
}

} // namespace

// Step 1: which provider.
class FirstRunPresetPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit FirstRunPresetPage(QWidget *parent)
        : QWizardPage(parent)
    {
        auto *layout = new QVBoxLayout(this);
        m_intro = wrappingLabel(this);
        layout->addWidget(m_intro);
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("wizardPresetList"));
        for (const ProviderPreset &preset : ProviderPresets::all()) {
            auto *item = new QListWidgetItem(preset.displayName, m_list);
            item->setData(Qt::UserRole, preset.id);
        }
        layout->addWidget(m_list, 1);
        m_description = wrappingLabel(this, "wizardPresetDescription");
        layout->addWidget(m_description);
        connect(m_list, &QListWidget::currentRowChanged, this, [this] {
            updateDescription();
            Q_EMIT completeChanged();
        });
        m_list->setCurrentRow(0);
    }

    const ProviderPreset *preset() const
    {
        const QListWidgetItem *item = m_list->currentItem();
        return item ? ProviderPresets::find(item->data(Qt::UserRole).toString()) : nullptr;
    }
    bool isComplete() const override { return preset() != nullptr; }

    void retranslate()
    {
        setTitle(tr("Pick a provider"));
        setSubTitle(tr("Where should Switchyard send requests? You can add more providers later."));
        m_intro->setText(tr("Choose the service you have an API key for, or a local Ollama."));
        updateDescription();
    }

    QListWidget *m_list;

private:
    void updateDescription()
    {
        const ProviderPreset *p = preset();
        m_description->setText(p ? ProviderPresets::description(*p) : QString());
    }

    QLabel *m_intro;
    QLabel *m_description;
};

// Step 2: key, base URL, model.
class FirstRunKeyPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit FirstRunKeyPage(FirstRunWizard *wizard, AppController *controller)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_controller(controller)
    {
        auto *layout = new QVBoxLayout(this);
        m_hint = wrappingLabel(this, "wizardKeyHint");
        m_hint->setOpenExternalLinks(true);
        layout->addWidget(m_hint);
        auto *form = new QFormLayout();
        m_key = new QLineEdit(this);
        m_key->setObjectName(QStringLiteral("wizardKey"));
        m_key->setEchoMode(QLineEdit::Password);
        m_baseUrl = new QLineEdit(this);
        m_baseUrl->setObjectName(QStringLiteral("wizardBaseUrl"));
        m_model = new QComboBox(this);
        m_model->setObjectName(QStringLiteral("wizardModel"));
        m_model->setEditable(true);
        m_keyLabel = new QLabel(this);
        m_baseUrlLabel = new QLabel(this);
        m_modelLabel = new QLabel(this);
        form->addRow(m_keyLabel, m_key);
        form->addRow(m_baseUrlLabel, m_baseUrl);
        form->addRow(m_modelLabel, m_model);
        layout->addLayout(form);
        m_problem = wrappingLabel(this, "wizardKeyProblem");
        m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
        layout->addWidget(m_problem);
        layout->addStretch(1);
        connect(m_key, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
        connect(m_baseUrl, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
        connect(m_model, &QComboBox::currentTextChanged, this, &QWizardPage::completeChanged);
    }

    void initializePage() override
    {
        const ProviderPreset *preset = m_wizard->selectedPreset();
        if (!preset || preset->id == m_presetId)
            return; // back and forth keeps what was typed
        m_presetId = preset->id;
        m_baseUrl->setText(preset->baseUrl);
        m_model->clear();
        m_model->addItems(preset->models);
        const int index = m_model->findText(preset->defaultTestModel);
        if (index >= 0)
            m_model->setCurrentIndex(index);
        else
            m_model->setEditText(preset->defaultTestModel);
        retranslate();
    }

    bool isComplete() const override
    {
        const ProviderPreset *preset = m_wizard->selectedPreset();
        const bool keyOk = !m_key->text().trimmed().isEmpty() || (preset && !preset->needsKey);
        return keyOk && !m_baseUrl->text().trimmed().isEmpty() && !m_model->currentText().trimmed().isEmpty();
    }

    bool validatePage() override
    {
        // Keys go only to the secret store; without one there is nowhere to put this one.
        if (!m_key->text().trimmed().isEmpty() && !m_controller->secretStore()) {
            m_problem->setText(
                tr("There is no key store yet: no system keychain answered. Close the wizard and use "
                   "the banner at the top of the window to choose where keys are kept."));
            return false;
        }
        m_problem->clear();
        return true;
    }

    void retranslate()
    {
        setTitle(tr("Paste your key"));
        const SecretStore *secrets = m_controller->secretStore();
        setSubTitle(
            secrets && !secrets->isSecure()
                ? tr("The key is kept in Switchyard's unencrypted key file (no keychain is available) and "
                     "never shown again in full.")
                : tr("The key is kept in your system keychain and never shown again in full."));
        m_keyLabel->setText(tr("API key:"));
        m_baseUrlLabel->setText(tr("Base URL:"));
        m_modelLabel->setText(tr("Model:"));
        const ProviderPreset *preset = m_wizard->selectedPreset();
        if (preset && !preset->needsKey)
            m_hint->setText(tr("%1 needs no key. Check that it is running at the base URL below.")
                                .arg(preset->displayName));
        else if (preset && !preset->keyUrl.isEmpty())
            m_hint->setText(
                tr("Create a key at <a href=\"%1\">%1</a> and paste it here.").arg(preset->keyUrl));
        else
            m_hint->setText(tr("Paste the API key of your provider."));
    }

    QLineEdit *m_key;
    QLineEdit *m_baseUrl;
    QComboBox *m_model;

private:
    FirstRunWizard *m_wizard;
    AppController *m_controller;
    QString m_presetId;
    QLabel *m_hint;
    QLabel *m_keyLabel;
    QLabel *m_baseUrlLabel;
    QLabel *m_modelLabel;
    QLabel *m_problem;
};

// Step 3: one real request; leaving the page stores the configuration.
class FirstRunTestPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit FirstRunTestPage(FirstRunWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
    {
        auto *layout = new QVBoxLayout(this);
        m_explanation = wrappingLabel(this);
        layout->addWidget(m_explanation);
        m_testButton = new QPushButton(this);
        m_testButton->setObjectName(QStringLiteral("wizardTestButton"));
        layout->addWidget(m_testButton, 0, Qt::AlignLeft);
        m_result = wrappingLabel(this, "wizardTestResult");
        m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(m_result);
        layout->addStretch(1);
        connect(m_testButton, &QPushButton::clicked, this, &FirstRunTestPage::runTest);
        connect(wizard->tester(), &ChannelTester::testFinished, this, &FirstRunTestPage::showResult);
    }

    void initializePage() override { runTest(); }
    void cleanupPage() override { m_wizard->tester()->cancel(); }

    bool validatePage() override
    {
        QString error;
        if (!m_wizard->saveConfiguration(&error)) {
            m_result->setText(error);
            return false;
        }
        return true;
    }

    void runTest()
    {
        const ProviderPreset *preset = m_wizard->selectedPreset();
        if (!preset)
            return;
        m_tested = false;
        m_result->setText(tr("Sending a short request to %1…").arg(m_wizard->model()));
        m_result->setStyleSheet(QString());
        m_wizard->tester()->test(preset->toProvider(), m_wizard->baseUrl(), m_wizard->secret(),
                                 m_wizard->model());
    }

    void showResult(const ChannelTestResult &result)
    {
        m_tested = true;
        m_lastOk = result.ok;
        if (result.ok) {
            m_result->setText(tr("It works: answered in %1 ms, first token after %2 ms.")
                                  .arg(result.latencyMs)
                                  .arg(result.ttftMs));
            m_result->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        } else {
            m_result->setText(
                tr("The test failed: %1\nYou can go back and fix the key or URL, or continue and fix it "
                   "later on the Providers page.")
                    .arg(result.error));
            m_result->setStyleSheet(QStringLiteral("color: #b3261e;"));
        }
    }

    void retranslate()
    {
        setTitle(tr("Test the connection"));
        setSubTitle(tr("Switchyard sends one tiny request with your key, straight to the provider."));
        m_explanation->setText(tr("Next stores the provider and makes this model the default route."));
        m_testButton->setText(tr("Test again"));
    }

    bool tested() const { return m_tested; }
    bool lastOk() const { return m_lastOk; }

private:
    FirstRunWizard *m_wizard;
    QLabel *m_explanation;
    QPushButton *m_testButton;
    QLabel *m_result;
    bool m_tested = false;
    bool m_lastOk = false;
};

// Step 4: Claude Code.
class FirstRunClaudePage : public QWizardPage
{
    Q_OBJECT
public:
    FirstRunClaudePage(AppController *controller, QWidget *parent)
        : QWizardPage(parent)
    {
        auto *layout = new QVBoxLayout(this);
        m_done = wrappingLabel(this, "wizardDoneText");
        layout->addWidget(m_done);
        m_connect = new ConnectClaudeWidget(controller, this);
        layout->addWidget(m_connect);
        layout->addStretch(1);
    }

    void retranslate()
    {
        setTitle(tr("Connect Claude Code"));
        setSubTitle(
            tr("Point Claude Code at Switchyard with one click, or skip this and do it later from the "
               "dashboard."));
        m_done->setText(tr("Your provider is set up and is the default route."));
    }

    ConnectClaudeWidget *m_connect;

private:
    QLabel *m_done;
};

FirstRunWizard::FirstRunWizard(AppController *controller, QWidget *parent)
    : QWizard(parent)
    , m_controller(controller)
    , m_tester(new ChannelTester(this))
{
    setObjectName(QStringLiteral("firstRunWizard"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    m_presetPage = new FirstRunPresetPage(this);
    m_keyPage = new FirstRunKeyPage(this, controller);
    m_testPage = new FirstRunTestPage(this);
    m_claudePage = new FirstRunClaudePage(controller, this);
    setPage(PresetPageId, m_presetPage);
    setPage(KeyPageId, m_keyPage);
    setPage(TestPageId, m_testPage);
    setPage(ClaudePageId, m_claudePage);
    resize(680, 520);
    retranslate();
}

bool FirstRunWizard::isNeeded(AppController *controller)
{
    Storage *storage = controller->storage();
    return storage && !storage->setting(QLatin1String(DoneSetting)).toBool()
        && storage->loadConfig().channels.isEmpty();
}

const ProviderPreset *FirstRunWizard::selectedPreset() const
{
    return m_presetPage->preset();
}

ConnectClaudeWidget *FirstRunWizard::connectWidget() const
{
    return m_claudePage->m_connect;
}

QString FirstRunWizard::baseUrl() const
{
    return m_keyPage->m_baseUrl->text().trimmed();
}

QByteArray FirstRunWizard::secret() const
{
    return m_keyPage->m_key->text().trimmed().toUtf8();
}

QString FirstRunWizard::model() const
{
    return m_keyPage->m_model->currentText().trimmed();
}

void FirstRunWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

void FirstRunWizard::retranslate()
{
    setWindowTitle(tr("Welcome to Switchyard"));
    m_presetPage->retranslate();
    m_keyPage->retranslate();
    m_testPage->retranslate();
    m_claudePage->retranslate();
}

void FirstRunWizard::done(int result)
{
    m_tester->cancel();
    // Cancelling counts too: the wizard does not come back at every start; the Providers page
    // does everything it does.
    if (Storage *storage = m_controller->storage())
        storage->setSetting(QLatin1String(DoneSetting), true);
    QWizard::done(result);
}

bool FirstRunWizard::saveConfiguration(QString *error)
{
    const ProviderPreset *preset = selectedPreset();
    Storage *storage = m_controller->storage();
    if (!preset || !storage) {
        *error = tr("Nothing to save.");
        return false;
    }
    ConfigData config = storage->loadConfig();

    // Provider: a fresh one from the preset, or the one this wizard stored before (user went back).
    Provider provider = preset->toProvider();
    const Provider *mine = config.providerById(m_providerId);
    if (mine) {
        provider.id = mine->id;
        provider.name = mine->name;
    } else {
        provider.name = uniqueName(
            provider.name, [&](const QString &n) { return config.providerByName(n) != nullptr; },
            QStringLiteral(" "));
    }
    provider.baseUrl = baseUrl();
    if (!storage->saveProvider(&provider, error))
        return false;
    m_providerId = provider.id;

    Channel channel = preset->toChannel(provider.id);
    if (const Channel *existing = config.channelById(m_channelId)) {
        channel.id = existing->id;
        channel.name = existing->name;
        channel.keys = existing->keys;
    } else {
        channel.name = uniqueName(
            channel.name, [&](const QString &n) { return config.channelByName(n) != nullptr; },
            QStringLiteral("-"));
    }
    if (!channel.models.contains(model()))
        channel.models.prepend(model());

    const QByteArray key = secret();
    const bool sameKey =
        !channel.keys.isEmpty() && channel.keys.first().fingerprint == SecretStore::fingerprintFor(key);
    if (!key.isEmpty() && !sameKey) {
        SecretStore *secrets = m_controller->secretStore();
        if (!secrets) {
            *error = tr("There is no key store: no system keychain answered.");
            return false;
        }
        ChannelKey channelKey;
        channelKey.secretRef = SecretStore::newReference(QStringLiteral("channel-key"));
        channelKey.hint = SecretStore::hintFor(key);
        channelKey.fingerprint = SecretStore::fingerprintFor(key);
        if (!secrets->write(channelKey.secretRef, key, error))
            return false;
        // The key typed last replaces the one from an earlier pass.
        for (const ChannelKey &old : std::as_const(channel.keys))
            secrets->remove(old.secretRef);
        channel.keys = {channelKey};
    } else if (key.isEmpty()) {
        channel.keys.clear();
    }
    if (!storage->saveChannel(&channel, error))
        return false;
    m_channelId = channel.id;

    // The default scenario rule routes everything no other rule claims to this model.
    RoutingRule rule;
    for (const RoutingRule &existing : std::as_const(config.rules)) {
        if (existing.kind == u"scenario" && existing.match == u"default"
            && (existing.id == m_ruleId || rule.id == 0))
            rule = existing;
    }
    rule.kind = QStringLiteral("scenario");
    rule.match = QStringLiteral("default");
    rule.target = channel.name + u',' + model();
    rule.enabled = true;
    if (!storage->saveRule(&rule, error))
        return false;
    m_ruleId = rule.id;
    qCInfo(lcUi).noquote() << "First-run wizard stored channel" << channel.name << "default" << rule.target;
    return true;
}

} // namespace Switchyard

#include "firstrunwizard.moc"
