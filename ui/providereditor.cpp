#include "providereditor.h"

#include "appcontroller.h"
#include "pricemodel.h"
#include "providermodel.h"
#include "providerpresets.h"
#include "storage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Switchyard {

namespace {

constexpr Protocol AllProtocols[] = {Protocol::Anthropic, Protocol::OpenAI, Protocol::Gemini,
                                     Protocol::Responses};

QStringList splitList(const QString &text)
{
    QStringList out;
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString item = part.trimmed();
        if (!item.isEmpty() && !out.contains(item))
            out.append(item);
    }
    return out;
}

} // namespace

ProviderEditor::ProviderEditor(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_form(new QFormLayout)
    , m_name(new QLineEdit(this))
    , m_protocol(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_capabilities(new QLineEdit(this))
    , m_enabled(new QCheckBox(this))
    , m_protocolNote(new QLabel(this))
    , m_pricesBox(new QGroupBox(this))
    , m_prices(new PriceModel(this))
    , m_priceView(new QTableView(this))
    , m_addPrice(new QPushButton(this))
    , m_removePrice(new QPushButton(this))
    , m_error(new QLabel(this))
    , m_save(new QPushButton(this))
    , m_revert(new QPushButton(this))
{
    m_name->setObjectName(QStringLiteral("providerName"));
    m_protocol->setObjectName(QStringLiteral("providerProtocol"));
    m_baseUrl->setObjectName(QStringLiteral("providerBaseUrl"));
    m_capabilities->setObjectName(QStringLiteral("providerCapabilities"));
    m_enabled->setObjectName(QStringLiteral("providerEnabled"));
    m_priceView->setObjectName(QStringLiteral("priceTable"));
    m_addPrice->setObjectName(QStringLiteral("addPrice"));
    m_removePrice->setObjectName(QStringLiteral("removePrice"));
    m_error->setObjectName(QStringLiteral("providerError"));
    m_save->setObjectName(QStringLiteral("saveProvider"));
    m_revert->setObjectName(QStringLiteral("revertProvider"));

    for (Protocol protocol : AllProtocols)
        m_protocol->addItem(QString(), protocolToString(protocol));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.example.com/v1"));
    m_protocolNote->setWordWrap(true);
    m_protocolNote->setEnabled(false);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    // Labels are created here and given their text in retranslate().
    for (QWidget *field : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_protocol),
                           static_cast<QWidget *>(m_protocolNote), static_cast<QWidget *>(m_baseUrl),
                           static_cast<QWidget *>(m_capabilities)})
        m_form->addRow(new QLabel(this), field);
    m_form->addRow(QString(), m_enabled);

    m_priceView->setModel(m_prices);
    m_priceView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_priceView->horizontalHeader()->setSectionResizeMode(PriceModel::Model, QHeaderView::Stretch);
    m_priceView->verticalHeader()->hide();
    m_priceView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_priceView->setEditTriggers(QAbstractItemView::AllEditTriggers);
    auto *priceButtons = new QHBoxLayout;
    priceButtons->addWidget(m_addPrice);
    priceButtons->addWidget(m_removePrice);
    priceButtons->addStretch();
    auto *pricesLayout = new QVBoxLayout(m_pricesBox);
    pricesLayout->addWidget(m_priceView);
    pricesLayout->addLayout(priceButtons);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    m_save->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_pricesBox, 1);
    layout->addWidget(m_error);
    layout->addLayout(buttons);

    connect(m_name, &QLineEdit::textEdited, this, &ProviderEditor::markDirty);
    connect(m_baseUrl, &QLineEdit::textEdited, this, &ProviderEditor::markDirty);
    connect(m_capabilities, &QLineEdit::textEdited, this, &ProviderEditor::markDirty);
    connect(m_enabled, &QCheckBox::toggled, this, &ProviderEditor::markDirty);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, [this] {
        retranslate(); // the note depends on the protocol
        markDirty();
    });
    connect(m_prices, &QAbstractItemModel::dataChanged, this, &ProviderEditor::markDirty);
    connect(m_prices, &QAbstractItemModel::rowsInserted, this, &ProviderEditor::markDirty);
    connect(m_prices, &QAbstractItemModel::rowsRemoved, this, &ProviderEditor::markDirty);
    connect(m_priceView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ProviderEditor::updateButtons);
    connect(m_addPrice, &QPushButton::clicked, this, [this] {
        const QModelIndex index = m_prices->addPrice();
        m_priceView->setCurrentIndex(index);
        m_priceView->edit(index);
    });
    connect(m_removePrice, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_priceView->selectionModel()->selectedRows();
        for (auto it = rows.crbegin(); it != rows.crend(); ++it) // bottom up keeps the rows valid
            m_prices->removeRow(it->row());
    });
    connect(m_save, &QPushButton::clicked, this, &ProviderEditor::save);
    connect(m_revert, &QPushButton::clicked, this, [this] { setProvider(m_provider); });

    retranslate();
    setProvider({});
}

void ProviderEditor::setProvider(const Provider &provider)
{
    m_loading = true;
    m_provider = provider;
    m_name->setText(provider.name);
    m_protocol->setCurrentIndex(qMax(0, m_protocol->findData(protocolToString(provider.protocol))));
    m_baseUrl->setText(provider.baseUrl);
    m_capabilities->setText(provider.capabilities.join(QStringLiteral(", ")));
    m_enabled->setChecked(provider.enabled);
    m_prices->setPrices(provider.prices);
    m_error->hide();
    m_loading = false;
    m_dirty = false;
    retranslate();
    updateButtons();
}

Provider ProviderEditor::editedProvider() const
{
    Provider provider = m_provider;
    provider.name = m_name->text().trimmed();
    provider.protocol = protocolFromString(m_protocol->currentData().toString()).value_or(Protocol::OpenAI);
    provider.baseUrl = m_baseUrl->text().trimmed();
    provider.capabilities = splitList(m_capabilities->text());
    provider.enabled = m_enabled->isChecked();
    provider.prices = m_prices->prices();
    return provider;
}

bool ProviderEditor::save()
{
    Provider provider = editedProvider();
    if (provider.name.isEmpty()) {
        showError(tr("The provider needs a name."));
        return false;
    }
    if (!QUrl(provider.baseUrl).isValid() || !provider.baseUrl.contains(QLatin1String("://"))) {
        showError(tr("The base URL must be a full URL such as https://api.example.com/v1."));
        return false;
    }
    const bool wasDirty = m_dirty;
    m_dirty = false; // the store's configChanged may reload this editor while saving
    QString error;
    if (!m_controller->storage()->saveProvider(&provider, &error)) {
        m_dirty = wasDirty;
        showError(tr("Cannot save the provider: %1").arg(error));
        return false;
    }
    setProvider(provider);
    Q_EMIT saved(provider.id);
    return true;
}

void ProviderEditor::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ProviderEditor::markDirty()
{
    if (m_loading)
        return;
    m_dirty = true;
    updateButtons();
}

void ProviderEditor::updateButtons()
{
    const bool stored = m_provider.id > 0;
    setEnabled(stored);
    m_save->setEnabled(m_dirty);
    m_revert->setEnabled(m_dirty);
    m_removePrice->setEnabled(m_priceView->selectionModel()->hasSelection());
}

void ProviderEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ProviderEditor::retranslate()
{
    const auto label = [this](QWidget *field, const QString &text) {
        if (auto *widget = qobject_cast<QLabel *>(m_form->labelForField(field)))
            widget->setText(text);
    };
    label(m_name, tr("Name:"));
    label(m_protocol, tr("API:"));
    label(m_baseUrl, tr("Base URL:"));
    label(m_capabilities, tr("Capabilities:"));
    m_enabled->setText(tr("Enabled"));
    m_capabilities->setPlaceholderText(tr("tools, vision, thinking"));
    m_capabilities->setToolTip(tr("Comma-separated capability tags used by model groups"));
    for (int i = 0; i < m_protocol->count(); ++i) {
        const auto protocol = protocolFromString(m_protocol->itemData(i).toString());
        m_protocol->setItemText(i, ProviderModel::protocolLabel(protocol.value_or(Protocol::OpenAI)));
    }
    const auto protocol = protocolFromString(m_protocol->currentData().toString()).value_or(Protocol::OpenAI);
    const bool supported = ProviderPresets::canTest(protocol);
    m_protocolNote->setText(supported ? QString() : tr("The proxy does not route to this API yet."));
    m_protocolNote->setVisible(!supported);
    if (auto *note = m_form->labelForField(m_protocolNote))
        note->setVisible(!supported);
    m_pricesBox->setTitle(tr("Prices per model (USD per million tokens)"));
    m_priceView->setToolTip(tr("A model id or a glob such as gpt-4o*; double-click a cell to edit"));
    m_addPrice->setText(tr("Add price"));
    m_removePrice->setText(tr("Remove price"));
    m_save->setText(tr("Save"));
    m_revert->setText(tr("Revert"));
    m_prices->retranslate();
}

} // namespace Switchyard
