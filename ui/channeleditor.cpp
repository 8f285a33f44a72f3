#include "channeleditor.h"

#include "appcontroller.h"
#include "keyrotation.h"
#include "providerpresets.h"
#include "proxyhost.h"
#include "secretstore.h"
#include "storage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Switchyard {

namespace {

constexpr int KeyIndexRole = Qt::UserRole;

void setLabel(QFormLayout *form, QWidget *field, const QString &text)
{
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(field)))
        label->setText(text);
}

} // namespace

bool confirmRemoval(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("confirmRemoval"));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

ChannelEditor::ChannelEditor(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_tester(new ChannelTester(this))
    , m_form(new QFormLayout)
    , m_name(new QLineEdit(this))
    , m_baseUrl(new QLineEdit(this))
    , m_priority(new QSpinBox(this))
    , m_weight(new QSpinBox(this))
    , m_quota(new QSpinBox(this))
    , m_budget(new QDoubleSpinBox(this))
    , m_proxy(new QLineEdit(this))
    , m_enabled(new QCheckBox(this))
    , m_modelsBox(new QGroupBox(this))
    , m_models(new QListWidget(this))
    , m_newModel(new QLineEdit(this))
    , m_addModel(new QPushButton(this))
    , m_removeModel(new QPushButton(this))
    , m_discover(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_discoverStatus(new QLabel(this))
    , m_keysBox(new QGroupBox(this))
    , m_keys(new QTreeWidget(this))
    , m_newKey(new QLineEdit(this))
    , m_addKey(new QPushButton(this))
    , m_removeKey(new QPushButton(this))
    , m_reenableKey(new QPushButton(this))
    , m_keysNote(new QLabel(this))
    , m_testBox(new QGroupBox(this))
    , m_testModel(new QComboBox(this))
    , m_test(new QPushButton(this))
    , m_testResult(new QLabel(this))
    , m_error(new QLabel(this))
    , m_save(new QPushButton(this))
    , m_revert(new QPushButton(this))
{
    const std::pair<QObject *, const char *> names[] = {
        {m_name, "channelName"},
        {m_baseUrl, "channelBaseUrl"},
        {m_priority, "channelPriority"},
        {m_weight, "channelWeight"},
        {m_quota, "channelQuota"},
        {m_budget, "channelBudget"},
        {m_proxy, "channelProxy"},
        {m_enabled, "channelEnabled"},
        {m_models, "channelModels"},
        {m_newModel, "newModel"},
        {m_addModel, "addModel"},
        {m_removeModel, "removeModel"},
        {m_discover, "discoverModels"},
        {m_progress, "discoverProgress"},
        {m_discoverStatus, "discoverStatus"},
        {m_keys, "keyList"},
        {m_newKey, "newKey"},
        {m_addKey, "addKey"},
        {m_removeKey, "removeKey"},
        {m_reenableKey, "reenableKey"},
        {m_testModel, "testModel"},
        {m_test, "testChannel"},
        {m_testResult, "testResult"},
        {m_error, "channelError"},
        {m_save, "saveChannel"},
        {m_revert, "revertChannel"},
    };
    for (const auto &[object, name] : names)
        object->setObjectName(QLatin1String(name));

    m_priority->setRange(-1000, 1000);
    m_weight->setRange(1, 1000);
    m_quota->setRange(0, 100000000);
    m_budget->setRange(0, 1000000);
    m_budget->setDecimals(2);
    m_budget->setPrefix(QStringLiteral("$ "));
    m_proxy->setPlaceholderText(QStringLiteral("system | none | http://host:port | socks5://host:port"));

    // Labels are created here and given their text in retranslate().
    for (QWidget *field : std::initializer_list<QWidget *> {m_name, m_baseUrl, m_priority, m_weight, m_quota,
                                                            m_budget, m_proxy})
        m_form->addRow(new QLabel(this), field);
    m_form->addRow(QString(), m_enabled);

    // Models: editable list, add/remove, discovery with a busy bar.
    m_models->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_models->setMinimumHeight(100);
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(m_progress->sizeHint().height());
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_discoverStatus->setWordWrap(true);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_newModel, 1);
    addRow->addWidget(m_addModel);
    auto *modelButtons = new QHBoxLayout;
    modelButtons->addWidget(m_removeModel);
    modelButtons->addWidget(m_discover);
    modelButtons->addWidget(m_progress, 1);
    auto *modelsLayout = new QVBoxLayout(m_modelsBox);
    modelsLayout->addWidget(m_models, 1);
    modelsLayout->addLayout(addRow);
    modelsLayout->addLayout(modelButtons);
    modelsLayout->addWidget(m_discoverStatus);

    // Keys: hints and state only.
    m_keys->setColumnCount(2);
    m_keys->setRootIsDecorated(false);
    m_keys->setMinimumHeight(70);
    m_keys->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_keys->header()->setStretchLastSection(true);
    m_newKey->setEchoMode(QLineEdit::Password);
    m_newKey->setClearButtonEnabled(true);
    m_keysNote->setWordWrap(true);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_newKey, 1);
    keyRow->addWidget(m_addKey);
    auto *keyButtons = new QHBoxLayout;
    keyButtons->addWidget(m_removeKey);
    keyButtons->addWidget(m_reenableKey);
    keyButtons->addStretch();
    auto *keysLayout = new QVBoxLayout(m_keysBox);
    keysLayout->addWidget(m_keys);
    keysLayout->addLayout(keyRow);
    keysLayout->addLayout(keyButtons);
    keysLayout->addWidget(m_keysNote);

    // Test.
    m_testModel->setEditable(true);
    m_testModel->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_testModel->setMinimumContentsLength(16);
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testModel, 1);
    testRow->addWidget(m_test);
    auto *testLayout = new QVBoxLayout(m_testBox);
    testLayout->addLayout(testRow);
    testLayout->addWidget(m_testResult);

    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);

    // Two columns: settings and keys on the left, models and the test on the right.
    auto *leftColumn = new QVBoxLayout;
    leftColumn->addLayout(m_form);
    leftColumn->addWidget(m_keysBox, 1);
    auto *rightColumn = new QVBoxLayout;
    rightColumn->addWidget(m_modelsBox, 1);
    rightColumn->addWidget(m_testBox);
    auto *columns = new QHBoxLayout;
    columns->addLayout(leftColumn, 1);
    columns->addLayout(rightColumn, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_error);
    layout->addLayout(buttons);

    connect(m_name, &QLineEdit::textEdited, this, &ChannelEditor::markDirty);
    connect(m_baseUrl, &QLineEdit::textEdited, this, &ChannelEditor::markDirty);
    connect(m_proxy, &QLineEdit::textEdited, this, &ChannelEditor::markDirty);
    connect(m_priority, &QSpinBox::valueChanged, this, &ChannelEditor::markDirty);
    connect(m_weight, &QSpinBox::valueChanged, this, &ChannelEditor::markDirty);
    connect(m_quota, &QSpinBox::valueChanged, this, &ChannelEditor::markDirty);
    connect(m_budget, &QDoubleSpinBox::valueChanged, this, &ChannelEditor::markDirty);
    connect(m_enabled, &QCheckBox::toggled, this, &ChannelEditor::markDirty);
    connect(m_models, &QListWidget::itemChanged, this, [this] {
        markDirty();
        fillTestModels();
    });
    connect(m_models, &QListWidget::itemSelectionChanged, this, &ChannelEditor::updateButtons);
    connect(m_keys, &QTreeWidget::itemSelectionChanged, this, &ChannelEditor::updateButtons);
    connect(m_newModel, &QLineEdit::returnPressed, m_addModel, &QPushButton::click);
    connect(m_addModel, &QPushButton::clicked, this, [this] {
        addModel(m_newModel->text());
        m_newModel->clear();
    });
    connect(m_removeModel, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_models->selectedItems());
        markDirty();
        fillTestModels();
    });
    connect(m_newKey, &QLineEdit::returnPressed, m_addKey, &QPushButton::click);
    connect(m_newKey, &QLineEdit::textChanged, this, &ChannelEditor::updateButtons);
    connect(m_addKey, &QPushButton::clicked, this, &ChannelEditor::addKey);
    connect(m_removeKey, &QPushButton::clicked, this, &ChannelEditor::removeKey);
    connect(m_reenableKey, &QPushButton::clicked, this, &ChannelEditor::reenableKey);
    connect(m_test, &QPushButton::clicked, this, &ChannelEditor::runTest);
    connect(m_discover, &QPushButton::clicked, this, &ChannelEditor::runDiscover);
    connect(m_save, &QPushButton::clicked, this, &ChannelEditor::save);
    connect(m_revert, &QPushButton::clicked, this, [this] { setChannel(m_channel, m_provider); });
    connect(m_tester, &ChannelTester::progress, this, [this](const QString &message) {
        (m_progress->isHidden() ? m_testResult : m_discoverStatus)->setText(message);
    });
    connect(m_tester, &ChannelTester::testFinished, this, &ChannelEditor::onTestFinished);
    connect(m_tester, &ChannelTester::modelsDiscovered, this, &ChannelEditor::onModelsDiscovered);

    retranslate();
    setChannel({}, {});
}

void ChannelEditor::setChannel(const Channel &channel, const Provider &provider)
{
    const bool sameChannel = channel.id != 0 && channel.id == m_channel.id;
    if (!sameChannel) {
        m_tester->cancel();
        setBusy(false);
        m_testResult->clear();
        m_discoverStatus->clear();
        m_newKey->clear();
    }
    m_loading = true;
    m_channel = channel;
    m_provider = provider;
    m_name->setText(channel.name);
    m_baseUrl->setText(channel.baseUrl);
    m_baseUrl->setPlaceholderText(provider.baseUrl);
    m_priority->setValue(channel.priority);
    m_weight->setValue(channel.weight);
    m_quota->setValue(int(qMin<qint64>(channel.dailyRequestQuota, m_quota->maximum())));
    m_budget->setValue(channel.dailyBudget);
    m_proxy->setText(channel.proxyUrl);
    m_enabled->setChecked(channel.enabled);
    m_models->clear();
    for (const QString &model : channel.models)
        addModel(model);
    fillKeys();
    fillTestModels();
    m_error->hide();
    m_loading = false;
    m_dirty = false;
    updateButtons();
}

void ChannelEditor::addModel(const QString &text)
{
    const QString model = text.trimmed();
    if (model.isEmpty() || models().contains(model))
        return;
    auto *item = new QListWidgetItem(model);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    const bool loading = m_loading;
    m_loading = true; // itemChanged of the insertion itself is not an edit
    m_models->addItem(item);
    m_loading = loading;
    markDirty();
    fillTestModels();
}

QStringList ChannelEditor::models() const
{
    QStringList out;
    for (int row = 0; row < m_models->count(); ++row) {
        const QString model = m_models->item(row)->text().trimmed();
        if (!model.isEmpty() && !out.contains(model))
            out.append(model);
    }
    return out;
}

void ChannelEditor::fillTestModels()
{
    const QString current = m_testModel->currentText();
    const QStringList list = models();
    m_testModel->clear();
    m_testModel->addItems(list);
    QString preferred = current;
    if (preferred.isEmpty() || !list.contains(preferred)) {
        const ProviderPreset *preset =
            ProviderPresets::find(m_provider.options.value(QLatin1String("preset")).toString());
        preferred =
            preset && list.contains(preset->defaultTestModel) ? preset->defaultTestModel : list.value(0);
    }
    m_testModel->setCurrentText(preferred);
}

void ChannelEditor::fillKeys()
{
    m_keys->clear();
    for (int i = 0; i < m_channel.keys.size(); ++i) {
        const ChannelKey &key = m_channel.keys.at(i);
        auto *item = new QTreeWidgetItem(m_keys);
        item->setText(0, key.hint.isEmpty() ? tr("(no hint)") : key.hint);
        item->setData(0, KeyIndexRole, i);
        if (key.disabled) {
            item->setText(1,
                          key.disabledReason.isEmpty() ? tr("Disabled")
                                                       : tr("Disabled: %1").arg(key.disabledReason));
            item->setForeground(1, QColor(0xb3, 0x26, 0x1e));
            item->setToolTip(1, key.disabledReason);
        } else {
            item->setText(1, tr("Active"));
        }
    }
}

Channel ChannelEditor::editedChannel() const
{
    Channel channel = m_channel;
    channel.name = m_name->text().trimmed();
    channel.baseUrl = m_baseUrl->text().trimmed();
    channel.priority = m_priority->value();
    channel.weight = m_weight->value();
    channel.dailyRequestQuota = m_quota->value();
    channel.dailyBudget = m_budget->value();
    channel.proxyUrl = m_proxy->text().trimmed();
    channel.enabled = m_enabled->isChecked();
    channel.models = models();
    return channel;
}

bool ChannelEditor::save()
{
    Channel channel = editedChannel();
    if (channel.name.isEmpty() || channel.name.contains(u',')) {
        showError(tr("The channel needs a name without commas (routes name it as \"channel,model\")."));
        return false;
    }
    const bool wasDirty = m_dirty;
    m_dirty = false; // configChanged reloads this editor while saving
    QString error;
    if (!m_controller->storage()->saveChannel(&channel, &error)) {
        m_dirty = wasDirty;
        showError(tr("Cannot save the channel: %1").arg(error));
        return false;
    }
    setChannel(channel, m_provider);
    Q_EMIT saved(channel.id);
    return true;
}

bool ChannelEditor::storeKeys(const QList<ChannelKey> &keys)
{
    QString error;
    ConfigData config;
    if (!m_controller->storage()->loadConfig(&config, &error)) {
        showError(tr("Cannot save the keys: %1").arg(error));
        return false;
    }
    const Channel *stored = config.channelById(m_channel.id);
    if (!stored) {
        showError(tr("The channel no longer exists."));
        return false;
    }
    Channel channel = *stored; // only the keys change; other edits stay pending in the editor
    channel.keys = keys;
    const bool wasDirty = m_dirty;
    if (!m_controller->storage()->saveChannel(&channel, &error)) {
        showError(tr("Cannot save the keys: %1").arg(error));
        return false;
    }
    m_channel.keys = channel.keys; // with the ids the store assigned
    m_dirty = wasDirty;
    fillKeys();
    m_error->hide();
    updateButtons();
    return true;
}

int ChannelEditor::selectedKeyRow() const
{
    const QList<QTreeWidgetItem *> items = m_keys->selectedItems();
    return items.isEmpty() ? -1 : items.first()->data(0, KeyIndexRole).toInt();
}

void ChannelEditor::addKey()
{
    const QByteArray secret = m_newKey->text().trimmed().toUtf8();
    if (secret.isEmpty() || m_channel.id <= 0)
        return;
    SecretStore *store = m_controller->secretStore();
    if (!store) {
        showError(tr("Keys cannot be stored: %1").arg(m_controller->secretsProblem()));
        return;
    }
    const QString fingerprint = SecretStore::fingerprintFor(secret);
    for (const ChannelKey &key : std::as_const(m_channel.keys)) {
        if (key.fingerprint == fingerprint) {
            showError(tr("This key is already in the channel (%1).").arg(key.hint));
            return;
        }
    }
    ChannelKey key;
    key.secretRef = SecretStore::newReference(QStringLiteral("channel-key"));
    key.hint = SecretStore::hintFor(secret);
    key.fingerprint = fingerprint;
    QString error;
    if (!store->write(key.secretRef, secret, &error)) {
        showError(tr("Cannot store the key: %1").arg(error));
        return;
    }
    QList<ChannelKey> keys = m_channel.keys;
    keys.append(key);
    if (!storeKeys(keys)) {
        store->remove(key.secretRef); // nothing refers to it
        return;
    }
    m_newKey->clear();
}

void ChannelEditor::removeKey()
{
    const int row = selectedKeyRow();
    if (row < 0 || row >= m_channel.keys.size())
        return;
    const ChannelKey key = m_channel.keys.at(row);
    if (!confirmRemoval(this, tr("Remove key"),
                        tr("Remove the key %1 from channel %2? It is deleted from the keychain.")
                            .arg(key.hint, m_channel.name)))
        return;
    QList<ChannelKey> keys = m_channel.keys;
    keys.removeAt(row);
    if (!storeKeys(keys))
        return;
    if (SecretStore *store = m_controller->secretStore())
        store->remove(key.secretRef);
}

void ChannelEditor::reenableKey()
{
    const int row = selectedKeyRow();
    if (row < 0 || row >= m_channel.keys.size() || !m_channel.keys.at(row).disabled)
        return;
    QList<ChannelKey> keys = m_channel.keys;
    keys[row].disabled = false;
    keys[row].disabledReason.clear();
    const QString keyId = KeyRotation::keyId(keys.at(row));
    if (!storeKeys(keys))
        return;
    // The proxy also keeps a runtime disable of its own; clear it so the key serves again at once.
    if (ProxyHost *host = m_controller->proxyHost())
        host->enableKey(m_channel.id, keyId);
}

QString ChannelEditor::effectiveBaseUrl() const
{
    const QString own = m_baseUrl->text().trimmed();
    return own.isEmpty() ? m_provider.baseUrl : own;
}

QByteArray ChannelEditor::testSecret(QString *problem) const
{
    const QByteArray typed = m_newKey->text().trimmed().toUtf8();
    if (!typed.isEmpty())
        return typed; // lets a key be tried before it is added
    for (const ChannelKey &key : m_channel.keys) {
        if (key.disabled)
            continue;
        SecretStore *store = m_controller->secretStore();
        if (!store) {
            *problem = tr("Keys cannot be read: %1").arg(m_controller->secretsProblem());
            return {};
        }
        QString error;
        const std::optional<QByteArray> secret = store->read(key.secretRef, &error);
        if (!secret) {
            *problem = error.isEmpty() ? tr("The key %1 is missing from the keychain.").arg(key.hint)
                                       : tr("Cannot read the key %1: %2").arg(key.hint, error);
            return {};
        }
        return *secret;
    }
    return {}; // no key: fine for local servers, the upstream answers 401 otherwise
}

void ChannelEditor::setBusy(bool busy)
{
    m_test->setEnabled(!busy && m_channel.id > 0);
    m_discover->setEnabled(!busy && m_channel.id > 0);
}

void ChannelEditor::runTest()
{
    QString problem;
    const QByteArray secret = testSecret(&problem);
    if (!problem.isEmpty()) {
        m_testResult->setText(tr("Failed: %1").arg(problem));
        return;
    }
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing…"));
    setBusy(true);
    m_tester->setProxyUrl(m_proxy->text());
    m_tester->test(m_provider, effectiveBaseUrl(), secret, m_testModel->currentText().trimmed());
}

void ChannelEditor::onTestFinished(const ChannelTestResult &result)
{
    setBusy(false);
    if (result.ok) {
        QString text =
            tr("OK: %1 ms in total, first token after %2 ms.").arg(result.latencyMs).arg(result.ttftMs);
        if (!result.reply.isEmpty())
            text += u' ' + tr("Reply: \"%1\"").arg(result.reply);
        m_testResult->setStyleSheet(QStringLiteral("color: #1e7b34;"));
        m_testResult->setText(text);
    } else {
        m_testResult->setStyleSheet(QStringLiteral("color: #b3261e;"));
        m_testResult->setText(tr("Failed: %1").arg(result.error));
    }
}

void ChannelEditor::runDiscover()
{
    QString problem;
    const QByteArray secret = testSecret(&problem);
    if (!problem.isEmpty()) {
        m_discoverStatus->setText(tr("Discovery failed: %1").arg(problem));
        return;
    }
    setBusy(true);
    m_progress->show();
    m_discoverStatus->setText(tr("Discovering models…"));
    m_tester->setProxyUrl(m_proxy->text());
    m_tester->discoverModels(m_provider, effectiveBaseUrl(), secret);
}

void ChannelEditor::onModelsDiscovered(const QStringList &discovered, const QString &error)
{
    setBusy(false);
    m_progress->hide();
    if (!error.isEmpty()) {
        m_discoverStatus->setText(tr("Discovery failed: %1").arg(error));
        return;
    }
    const QStringList before = models();
    int added = 0;
    for (const QString &model : discovered) {
        if (!before.contains(model)) {
            addModel(model);
            ++added;
        }
    }
    m_discoverStatus->setText(
        tr("Found %n model(s), %1 new. Save to keep them.", nullptr, int(discovered.size())).arg(added));
}

void ChannelEditor::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ChannelEditor::markDirty()
{
    if (m_loading)
        return;
    m_dirty = true;
    updateButtons();
}

void ChannelEditor::updateButtons()
{
    const bool stored = m_channel.id > 0;
    setEnabled(stored);
    m_save->setEnabled(m_dirty);
    m_revert->setEnabled(m_dirty);
    m_removeModel->setEnabled(!m_models->selectedItems().isEmpty());
    m_addKey->setEnabled(stored && !m_newKey->text().trimmed().isEmpty());
    const int row = selectedKeyRow();
    m_removeKey->setEnabled(row >= 0);
    m_reenableKey->setEnabled(row >= 0 && row < m_channel.keys.size() && m_channel.keys.at(row).disabled);
    if (!m_tester->isBusy())
        setBusy(false);
}

void ChannelEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChannelEditor::retranslate()
{
    setLabel(m_form, m_name, tr("Name:"));
    setLabel(m_form, m_baseUrl, tr("Base URL override:"));
    setLabel(m_form, m_priority, tr("Priority:"));
    setLabel(m_form, m_weight, tr("Weight:"));
    setLabel(m_form, m_quota, tr("Daily request quota:"));
    setLabel(m_form, m_budget, tr("Daily budget:"));
    setLabel(m_form, m_proxy, tr("Network proxy:"));
    m_name->setToolTip(tr("Routes name a channel and model as \"channel,model\""));
    m_priority->setToolTip(tr("Lower runs first"));
    m_quota->setSpecialValueText(tr("Unlimited"));
    m_budget->setSpecialValueText(tr("Unlimited"));
    m_enabled->setText(tr("Enabled"));
    m_modelsBox->setTitle(tr("Models"));
    m_newModel->setPlaceholderText(tr("Model id"));
    m_addModel->setText(tr("Add"));
    m_removeModel->setText(tr("Remove"));
    m_discover->setText(tr("Discover models"));
    m_keysBox->setTitle(tr("API keys"));
    m_keys->setHeaderLabels({tr("Key"), tr("Status")});
    m_newKey->setPlaceholderText(tr("Paste an API key"));
    m_addKey->setText(tr("Add key"));
    m_removeKey->setText(tr("Remove key"));
    m_reenableKey->setText(tr("Re-enable"));
    m_keysNote->setText(tr("Keys are kept in the system keychain and shown only by their first characters."));
    m_testBox->setTitle(tr("Test"));
    m_test->setText(tr("Test"));
    m_testModel->setToolTip(tr("Model used for the test request"));
    m_save->setText(tr("Save"));
    m_revert->setText(tr("Revert"));
    fillKeys();
}

} // namespace Switchyard
