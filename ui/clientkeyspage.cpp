#include "clientkeyspage.h"

#include "appcontroller.h"
#include "clientkeymodel.h"
#include "clientkeys.h"
#include "pagefeedback.h"
#include "slotmapeditor.h"
#include "storage.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Switchyard {

namespace {

// A new expiry starts a month out: long enough to be useful, short enough to be noticed.
constexpr int DefaultExpiryDays = 30;

template<typename T>
T *named(T *widget, const char *name)
{
    widget->setObjectName(QLatin1String(name));
    return widget;
}

} // namespace

ClientKeysPage::ClientKeysPage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new ClientKeyModel(this))
{
    auto *layout = new QVBoxLayout(this);

    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    auto *createRow = new QHBoxLayout;
    m_newName = named(new QLineEdit(this), "newKeyName");
    m_newName->setClearButtonEnabled(true);
    m_create = named(new QPushButton(this), "createKey");
    createRow->addWidget(m_newName, 1);
    createRow->addWidget(m_create);
    layout->addLayout(createRow);

    m_message = named(new QLabel(this), "keyMessage");
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    // The one place the plaintext of a new key ever appears.
    m_newKeyPanel = named(new QFrame(this), "newKeyPanel");
    m_newKeyPanel->setFrameShape(QFrame::StyledPanel);
    m_newKeyPanel->setAutoFillBackground(true);
    {
        QPalette palette = m_newKeyPanel->palette();
        palette.setColor(QPalette::Window, palette.color(QPalette::AlternateBase));
        m_newKeyPanel->setPalette(palette);
    }
    auto *panelLayout = new QVBoxLayout(m_newKeyPanel);
    m_newKeyTitle = new QLabel(m_newKeyPanel);
    QFont titleFont = m_newKeyTitle->font();
    titleFont.setBold(true);
    m_newKeyTitle->setFont(titleFont);
    panelLayout->addWidget(m_newKeyTitle);
    auto *keyRow = new QHBoxLayout;
    m_newKeyText = named(new QLineEdit(m_newKeyPanel), "newKeyText");
    m_newKeyText->setReadOnly(true);
    m_newKeyText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copyNewKey = named(new QPushButton(m_newKeyPanel), "copyNewKey");
    keyRow->addWidget(m_newKeyText, 1);
    keyRow->addWidget(m_copyNewKey);
    panelLayout->addLayout(keyRow);
    auto *warningRow = new QHBoxLayout;
    m_newKeyWarning = new QLabel(m_newKeyPanel);
    m_newKeyWarning->setWordWrap(true);
    m_dismissNewKey = named(new QPushButton(m_newKeyPanel), "dismissNewKey");
    warningRow->addWidget(m_newKeyWarning, 1);
    warningRow->addWidget(m_dismissNewKey);
    panelLayout->addLayout(warningRow);
    m_newKeyPanel->hide();
    layout->addWidget(m_newKeyPanel);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    m_table = named(new QTableView(splitter), "keysTable");
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    splitter->addWidget(m_table);

    m_editor = named(new QGroupBox, "keyEditor");
    auto *form = new QFormLayout(m_editor);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_nameLabel = new QLabel(m_editor);
    m_name = named(new QLineEdit(m_editor), "keyName");
    m_nameLabel->setBuddy(m_name);
    form->addRow(m_nameLabel, m_name);

    m_expiryLabel = new QLabel(m_editor);
    auto *expiryRow = new QHBoxLayout;
    m_neverExpires = named(new QCheckBox(m_editor), "keyNeverExpires");
    m_expiry = named(new QDateTimeEdit(m_editor), "keyExpiry");
    m_expiry->setCalendarPopup(true);
    m_expiry->setTimeSpec(Qt::LocalTime);
    m_expiryLabel->setBuddy(m_expiry);
    expiryRow->addWidget(m_neverExpires);
    expiryRow->addWidget(m_expiry, 1);
    form->addRow(m_expiryLabel, expiryRow);

    m_budgetLabel = new QLabel(m_editor);
    m_budget = named(new QDoubleSpinBox(m_editor), "keyBudget");
    m_budget->setRange(0, 1000000);
    m_budget->setDecimals(2);
    m_budget->setPrefix(QStringLiteral("$"));
    m_budgetLabel->setBuddy(m_budget);
    form->addRow(m_budgetLabel, m_budget);

    m_allowlistLabel = new QLabel(m_editor);
    m_allowlist = named(new QPlainTextEdit(m_editor), "keyAllowlist");
    m_allowlist->setTabChangesFocus(true);
    // Room for a few names; the editor's spare height goes here rather than between the slot rows.
    m_allowlist->setMinimumHeight(m_allowlist->fontMetrics().lineSpacing() * 3 + 12);
    m_allowlist->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_allowlistLabel->setBuddy(m_allowlist);
    form->addRow(m_allowlistLabel, m_allowlist);

    m_slotMapLabel = new QLabel(m_editor);
    m_slotMap = named(new SlotMapEditor(m_editor), "slotMapEditor");
    m_slotMap->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    form->addRow(m_slotMapLabel, m_slotMap);

    auto *buttons = new QHBoxLayout;
    m_save = named(new QPushButton(m_editor), "saveKey");
    m_revert = named(new QPushButton(m_editor), "revertKey");
    m_toggleDisabled = named(new QPushButton(m_editor), "toggleKeyDisabled");
    m_delete = named(new QPushButton(m_editor), "deleteKey");
    buttons->addWidget(m_save);
    buttons->addWidget(m_revert);
    buttons->addStretch(1);
    buttons->addWidget(m_toggleDisabled);
    buttons->addWidget(m_delete);
    form->addRow(buttons);

    auto *editorScroll = new QScrollArea(splitter);
    editorScroll->setWidgetResizable(true);
    editorScroll->setFrameShape(QFrame::NoFrame);
    editorScroll->setWidget(m_editor);
    splitter->addWidget(editorScroll);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    connect(m_create, &QPushButton::clicked, this, &ClientKeysPage::createKey);
    connect(m_newName, &QLineEdit::returnPressed, this, &ClientKeysPage::createKey);
    connect(m_copyNewKey, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_newKeyText->text());
        m_copyNewKey->setText(tr("Copied"));
    });
    connect(m_dismissNewKey, &QPushButton::clicked, this, &ClientKeysPage::dismissNewKey);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_loading)
                    return;
                const qint64 id = current.isValid() ? current.data(ClientKeyModel::IdRole).toLongLong() : 0;
                if (id != m_selectedId) {
                    m_selectedId = id;
                    loadEditor();
                }
            });
    connect(m_neverExpires, &QCheckBox::toggled, this, [this](bool never) {
        m_expiry->setEnabled(!never);
        if (!never && !m_loading && m_expiry->dateTime() <= QDateTime::currentDateTime())
            m_expiry->setDateTime(QDateTime::currentDateTime().addDays(DefaultExpiryDays));
    });
    connect(m_save, &QPushButton::clicked, this, &ClientKeysPage::saveEditor);
    connect(m_revert, &QPushButton::clicked, this, &ClientKeysPage::loadEditor);
    connect(m_toggleDisabled, &QPushButton::clicked, this, &ClientKeysPage::toggleDisabled);
    connect(m_delete, &QPushButton::clicked, this, &ClientKeysPage::confirmDelete);
    if (Storage *storage = m_controller->storage())
        connect(storage, &Storage::configChanged, this, &ClientKeysPage::reload);

    retranslate();
    reload();
    loadEditor();
}

QStringList ClientKeysPage::parseAllowlist(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\n\\r]+"));
    QStringList models;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        const QString model = part.trimmed();
        if (!model.isEmpty() && !models.contains(model))
            models << model;
    }
    return models;
}

void ClientKeysPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        // A status line reports something already done; it is not worth keeping in the old language.
        showMessage(QString(), Tone::Normal);
        retranslate();
    }
    QWidget::changeEvent(event);
}

void ClientKeysPage::retranslate()
{
    m_intro->setText(tr("Tools such as Claude Code and the OpenAI SDKs send one of these keys to Switchyard. "
                        "Give each tool or machine its own key, so you can limit, watch and revoke it on "
                        "its own."));
    m_newName->setPlaceholderText(tr("Name of the new key, e.g. laptop or claude-code"));
    m_create->setText(tr("Create key"));
    m_copyNewKey->setText(tr("Copy"));
    m_newKeyWarning->setText(tr("Copy this key now: you will not see it again. Switchyard keeps only a hash "
                                "of it and cannot show it later."));
    m_dismissNewKey->setText(tr("Done"));
    m_newKeyTitle->setText(tr("New key for “%1”").arg(m_newKeyName));
    m_editor->setTitle(tr("Selected key"));
    m_nameLabel->setText(tr("&Name:"));
    m_expiryLabel->setText(tr("E&xpires:"));
    m_neverExpires->setText(tr("Never"));
    // The edit keeps the display format of the locale it was created in; follow the new one.
    m_expiry->setLocale(QLocale());
    QString expiryFormat = QLocale().dateTimeFormat(QLocale::ShortFormat);
    if (!expiryFormat.contains(QLatin1String("yyyy"))) // two-digit years are ambiguous to edit
        expiryFormat.replace(QLatin1String("yy"), QLatin1String("yyyy"));
    m_expiry->setDisplayFormat(expiryFormat);
    m_budgetLabel->setText(tr("Daily &budget:"));
    setSpecialValueText(m_budget, tr("Unlimited"));
    m_budget->setToolTip(tr("US dollars per day, by the price table. Requests beyond it get a 429 "
                            "error naming the budget. 0 = unlimited."));
    m_allowlistLabel->setText(tr("&Allowed models:"));
    m_allowlist->setPlaceholderText(tr("All models. Or list them, one per line or separated by commas; "
                                       "* and ? match any text."));
    m_slotMapLabel->setText(tr("Slot map:"));
    m_slotMap->setToolTip(tr("Where Claude Code's opus, sonnet and haiku requests go for this key, "
                             "before any other routing rule."));
    m_save->setText(tr("Save"));
    m_revert->setText(tr("Revert"));
    m_delete->setText(tr("Delete…"));
    m_model->retranslate();
    updateButtons();
}

void ClientKeysPage::reload()
{
    Storage *storage = m_controller->storage();
    if (!storage)
        return;
    m_config = storage->loadConfig();
    m_loading = true;
    m_model->setKeys(m_config.clientKeys);
    m_slotMap->setTargetCandidates(SlotMap::targetCandidates(m_config));
    const int row = m_model->rowOf(m_selectedId);
    if (row >= 0)
        m_table->selectionModel()->setCurrentIndex(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_loading = false;
    if (row < 0 && m_selectedId != 0) {
        // Deleted (here or by an import).
        m_selectedId = 0;
        loadEditor();
    }
    updateButtons();
}

void ClientKeysPage::selectKey(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row >= 0)
        m_table->selectionModel()->setCurrentIndex(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

std::optional<ClientKey> ClientKeysPage::storedKey(qint64 id) const
{
    if (!m_controller->storage() || id <= 0)
        return std::nullopt;
    for (const ClientKey &key : m_controller->storage()->loadConfig().clientKeys) {
        if (key.id == id)
            return key;
    }
    return std::nullopt;
}

bool ClientKeysPage::store(ClientKey *key)
{
    Storage *storage = m_controller->storage();
    QString error;
    if (!storage || !storage->saveClientKey(key, &error)) {
        showMessage(tr("Could not save the key: %1").arg(storage ? error : tr("Switchyard is not running.")),
                    Tone::Error);
        return false;
    }
    return true;
}

void ClientKeysPage::createKey()
{
    const QString name = m_newName->text().trimmed();
    if (name.isEmpty()) {
        showMessage(tr("Enter a name for the new key first."), Tone::Error);
        m_newName->setFocus();
        return;
    }
    for (const ClientKey &key : std::as_const(m_config.clientKeys)) {
        if (key.name.compare(name, Qt::CaseInsensitive) == 0) {
            showMessage(tr("A key named “%1” exists already.").arg(name), Tone::Error);
            m_newName->setFocus();
            return;
        }
    }
    const ClientKeys::GeneratedKey generated = ClientKeys::generate();
    ClientKey record = ClientKeys::makeRecord(name, generated);
    if (!store(&record))
        return;
    m_newName->clear();
    reload();
    selectKey(record.id);
    showNewKey(name, generated.plaintext);
    showMessage(tr("Created the key “%1”.").arg(name), Tone::Normal);
    Q_EMIT keyCreated(record.id);
}

void ClientKeysPage::showNewKey(const QString &name, const QString &plaintext)
{
    m_newKeyName = name;
    m_newKeyTitle->setText(tr("New key for “%1”").arg(name));
    m_newKeyText->setText(plaintext);
    m_copyNewKey->setText(tr("Copy"));
    m_newKeyPanel->show();
    m_newKeyText->selectAll();
    m_copyNewKey->setFocus();
}

void ClientKeysPage::dismissNewKey()
{
    m_newKeyText->clear();
    m_newKeyName.clear();
    m_newKeyTitle->clear();
    m_newKeyPanel->hide();
}

void ClientKeysPage::loadEditor()
{
    const ClientKey *key = m_model->keyAt(m_model->rowOf(m_selectedId));
    m_loading = true;
    m_editor->setEnabled(key != nullptr);
    const ClientKey shown = key ? *key : ClientKey {};
    m_name->setText(shown.name);
    const bool never = !shown.expiresAt.isValid();
    m_neverExpires->setChecked(never);
    m_expiry->setEnabled(!never);
    m_expiry->setDateTime(never ? QDateTime::currentDateTime().addDays(DefaultExpiryDays)
                                : shown.expiresAt.toLocalTime());
    m_budget->setValue(shown.dailyBudget);
    m_allowlist->setPlainText(shown.allowedModels.join(u'\n'));
    m_slotMap->setSlotMap(shown.slotMap);
    m_loading = false;
    updateButtons();
}

void ClientKeysPage::saveEditor()
{
    std::optional<ClientKey> key = storedKey(m_selectedId);
    if (!key) {
        showMessage(tr("This key no longer exists."), Tone::Error);
        return;
    }
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        showMessage(tr("A key needs a name."), Tone::Error);
        return;
    }
    key->name = name;
    key->expiresAt = m_neverExpires->isChecked() ? QDateTime() : m_expiry->dateTime().toUTC();
    key->dailyBudget = m_budget->value();
    key->allowedModels = parseAllowlist(m_allowlist->toPlainText());
    key->slotMap = m_slotMap->slotMap();
    if (!store(&*key))
        return;
    reload();
    loadEditor();

    // Saved either way: a channel or group may be created after the key that routes to it.
    QStringList notes;
    for (const QString &family : SlotMap::families()) {
        const QString target = SlotMap::entry(key->slotMap, family).target;
        if (!SlotMap::isKnownTarget(m_config, target))
            notes << tr("The %1 target “%2” names no channel or group yet.").arg(family, target);
    }
    if (key->expiresAt.isValid() && key->expiresAt <= QDateTime::currentDateTimeUtc())
        notes << tr("The expiry is in the past: this key no longer works.");
    showMessage(notes.isEmpty() ? tr("Saved.") : tr("Saved.") + u' ' + notes.join(u' '),
                notes.isEmpty() ? Tone::Normal : Tone::Warning);
}

void ClientKeysPage::toggleDisabled()
{
    std::optional<ClientKey> key = storedKey(m_selectedId);
    if (!key)
        return;
    key->disabled = !key->disabled;
    if (!store(&*key))
        return;
    reload();
    showMessage(key->disabled ? tr("Disabled: requests with this key are refused now.")
                              : tr("Enabled: the key works again."),
                Tone::Normal);
}

void ClientKeysPage::confirmDelete()
{
    const ClientKey *key = m_model->keyAt(m_model->rowOf(m_selectedId));
    if (!key)
        return;
    const qint64 id = key->id;
    askToConfirm(this, QStringLiteral("confirmDeleteKey"), QMessageBox::Warning, tr("Delete client key"),
                 tr("Delete the key “%1” (%2…)? Tools that use it are refused from now on. This cannot be "
                    "undone.")
                     .arg(key->name, key->prefix),
                 tr("Delete"), [this, id] {
                     Storage *storage = m_controller->storage();
                     QString error;
                     if (!storage || !storage->deleteClientKey(id, &error)) {
                         showMessage(tr("Could not delete the key: %1").arg(error), Tone::Error);
                         return;
                     }
                     reload();
                 });
}

void ClientKeysPage::updateButtons()
{
    const ClientKey *key = m_model->keyAt(m_model->rowOf(m_selectedId));
    m_toggleDisabled->setText(key && key->disabled ? tr("Enable") : tr("Disable"));
    m_toggleDisabled->setEnabled(key != nullptr);
    m_delete->setEnabled(key != nullptr);
    m_save->setEnabled(key != nullptr);
    m_revert->setEnabled(key != nullptr);
}

void ClientKeysPage::showMessage(const QString &text, Tone tone)
{
    showFeedback(m_message, text, tone);
    m_message->setVisible(!text.isEmpty());
}

} // namespace Switchyard
