#include "logspage.h"

#include "appcontroller.h"
#include "logmodel.h"
#include "storage.h"
#include "usagemodels.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <limits>

namespace Switchyard {

namespace {

constexpr qint64 HourMs = 60 * 60 * 1000LL;

// A body as readable text: JSON indented in its wire order (QJsonDocument would sort the keys, and
// the order is part of what one debugs), anything else (SSE, plain text) as it is.
QString bodyText(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty() || (trimmed.front() != '{' && trimmed.front() != '['))
        return QString::fromUtf8(body);
    QByteArray out;
    out.reserve(trimmed.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&] {
        out += '\n';
        out += QByteArray(2 * qMax(0, depth), ' ');
    };
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const char c = trimmed.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            const char close = c == '{' ? '}' : ']';
            if (i + 1 < trimmed.size() && trimmed.at(i + 1) == close) {
                out += close; // keep {} and [] on one line
                ++i;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        default:
            out += c;
        }
    }
    return QString::fromUtf8(out);
}

QPlainTextEdit *makeTextView(const char *objectName)
{
    auto *edit = new QPlainTextEdit;
    edit->setObjectName(QLatin1String(objectName));
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

// A combo whose first entry means "any" (empty data) followed by the given values.
void setChoices(QComboBox *combo, const QString &anyText, const QStringList &values)
{
    const QString current = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(anyText, QString());
    for (const QString &value : values)
        combo->addItem(value, value);
    // A filter on a value that no longer occurs in the range stays, rather than silently widening.
    if (!current.isEmpty() && combo->findData(current) < 0)
        combo->addItem(current, current);
    combo->setCurrentIndex(qMax(0, combo->findData(current)));
}

} // namespace

LogsPage::LogsPage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_query(controller ? controller->storage() : nullptr)
{
    m_rangeCombo = new QComboBox;
    m_rangeCombo->setObjectName(QStringLiteral("logsRange"));
    for (int i = 0; i < 5; ++i)
        m_rangeCombo->addItem(QString());
    m_rangeCombo->setCurrentIndex(int(RangePreset::Last7Days));
    m_statusCombo = new QComboBox;
    m_statusCombo->setObjectName(QStringLiteral("logsStatus"));
    for (int i = 0; i < 3; ++i)
        m_statusCombo->addItem(QString());
    m_modelCombo = new QComboBox;
    m_modelCombo->setObjectName(QStringLiteral("logsModel"));
    m_modelCombo->addItem(QString(), QString());
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_channelCombo = new QComboBox;
    m_channelCombo->setObjectName(QStringLiteral("logsChannel"));
    m_channelCombo->addItem(QString(), QString());
    m_channelCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sessionEdit = new QLineEdit;
    m_sessionEdit->setObjectName(QStringLiteral("logsSession"));
    m_sessionEdit->setClearButtonEnabled(true);
    m_searchEdit = new QLineEdit;
    m_searchEdit->setObjectName(QStringLiteral("logsSearch"));
    m_searchEdit->setClearButtonEnabled(true);
    m_countLabel = new QLabel;
    m_countLabel->setObjectName(QStringLiteral("logsCount"));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_rangeCombo);
    filters->addWidget(m_statusCombo);
    filters->addWidget(m_modelCombo);
    filters->addWidget(m_channelCombo);
    filters->addWidget(m_sessionEdit, 1);
    filters->addWidget(m_searchEdit, 2);

    m_model = new LogModel({LogModel::Column::Time, LogModel::Column::Status, LogModel::Column::Model,
                            LogModel::Column::Channel, LogModel::Column::Session, LogModel::Column::Latency,
                            LogModel::Column::Ttft, LogModel::Column::Tokens, LogModel::Column::Cost,
                            LogModel::Column::ErrorClass},
                           this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("logsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    // Detail pane.
    m_summaryLabel = new QLabel;
    m_summaryLabel->setObjectName(QStringLiteral("logsDetailSummary"));
    m_timingsLabel = new QLabel;
    m_timingsLabel->setObjectName(QStringLiteral("logsDetailTimings"));
    m_reasonCaption = new QLabel;
    m_reasonLabel = new QLabel;
    m_reasonLabel->setObjectName(QStringLiteral("logsRouteReason"));
    for (QLabel *label : {m_summaryLabel, m_timingsLabel, m_reasonLabel}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_copyErrorButton = new QPushButton;
    m_copyErrorButton->setObjectName(QStringLiteral("logsCopyError"));
    m_copyErrorButton->setEnabled(false);

    m_traceTree = new QTreeWidget;
    m_traceTree->setObjectName(QStringLiteral("logsTrace"));
    m_traceTree->setRootIsDecorated(false);
    m_traceTree->setColumnCount(8);
    m_traceTree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_headersEdit = makeTextView("logsHeaders");
    m_requestEdit = makeTextView("logsRequestBody");
    m_responseEdit = makeTextView("logsResponseBody");
    m_detailTabs = new QTabWidget;
    m_detailTabs->setObjectName(QStringLiteral("logsDetailTabs"));
    m_detailTabs->addTab(m_traceTree, QString());
    m_detailTabs->addTab(m_headersEdit, QString());
    m_detailTabs->addTab(m_requestEdit, QString());
    m_detailTabs->addTab(m_responseEdit, QString());

    auto *detail = new QWidget;
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto *summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_summaryLabel, 1);
    summaryRow->addWidget(m_copyErrorButton, 0, Qt::AlignTop);
    detailLayout->addLayout(summaryRow);
    detailLayout->addWidget(m_timingsLabel);
    auto *reasonRow = new QHBoxLayout;
    reasonRow->addWidget(m_reasonCaption, 0, Qt::AlignTop);
    reasonRow->addWidget(m_reasonLabel, 1);
    detailLayout->addLayout(reasonRow);
    detailLayout->addWidget(m_detailTabs, 1);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_countLabel);
    layout->addWidget(splitter, 1);

    for (QComboBox *combo : {m_rangeCombo, m_statusCombo, m_modelCombo, m_channelCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, &LogsPage::reload);
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(SearchDelayMs);
    connect(&m_searchTimer, &QTimer::timeout, this, &LogsPage::reload);
    for (QLineEdit *edit : {m_sessionEdit, m_searchEdit}) {
        connect(edit, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
        connect(edit, &QLineEdit::returnPressed, this, &LogsPage::reload);
    }
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showDetail(m_model->rowAt(current.row())); });
    connect(m_copyErrorButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_errorText); });

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &LogsPage::reload);
    if (controller && controller->storage())
        connect(controller->storage(), &Storage::usageRecorded, this, &LogsPage::scheduleRefresh);

    retranslate();
    showDetail(nullptr);
}

UsageLogFilter LogsPage::currentFilter() const
{
    UsageLogFilter filter;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QDate today = QDate::currentDate();
    // Open-ended at the top: a request recorded after the reload still belongs to "today".
    filter.range.toMs = std::numeric_limits<qint64>::max();
    switch (RangePreset(m_rangeCombo->currentIndex())) {
    case RangePreset::LastHour:
        filter.range.fromMs = now - HourMs;
        break;
    case RangePreset::Today:
        filter.range.fromMs = QDateTime(today, QTime(0, 0)).toMSecsSinceEpoch();
        break;
    case RangePreset::Last7Days:
        filter.range.fromMs = QDateTime(today.addDays(-6), QTime(0, 0)).toMSecsSinceEpoch();
        break;
    case RangePreset::Last30Days:
        filter.range.fromMs = QDateTime(today.addDays(-29), QTime(0, 0)).toMSecsSinceEpoch();
        break;
    case RangePreset::All:
        filter.range.fromMs = std::numeric_limits<qint64>::min();
        break;
    }
    switch (m_statusCombo->currentIndex()) {
    case 1:
        filter.status = UsageLogFilter::Status::Ok;
        break;
    case 2:
        filter.status = UsageLogFilter::Status::Error;
        break;
    default:
        break;
    }
    filter.model = m_modelCombo->currentData().toString();
    filter.channel = m_channelCombo->currentData().toString();
    filter.session = m_sessionEdit->text().trimmed();
    filter.search = m_searchEdit->text().trimmed();
    filter.limit = RowLimit;
    return filter;
}

void LogsPage::refreshChoices()
{
    const UsageRange range = currentFilter().range;
    setChoices(m_modelCombo, tr("All models"), m_query.distinctModels(range));
    setChoices(m_channelCombo, tr("All channels"), m_query.distinctChannels(range));
}

void LogsPage::reload()
{
    m_dirty = false;
    m_refreshTimer.stop();
    m_searchTimer.stop();
    refreshChoices();
    const QString selected = m_detailRequestId;
    m_model->setRows(m_query.logRows(currentFilter()));
    // Fit the columns to the first rows once; after that they keep the widths the user gave them.
    if (!m_columnsFitted && m_model->rowCount() > 0) {
        m_columnsFitted = true;
        m_table->resizeColumnsToContents();
    }
    m_countLabel->setText(m_model->rowCount() >= RowLimit
                              ? tr("Showing the newest %1 requests; narrow the filters to see older ones.")
                                    .arg(QLocale().toString(m_model->rowCount()))
                              : tr("%1 requests").arg(QLocale().toString(m_model->rowCount())));
    const int row = m_model->rowOf(selected);
    if (row >= 0) {
        const QSignalBlocker blocker(m_table->selectionModel());
        m_table->selectionModel()->setCurrentIndex(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    showDetail(m_model->rowAt(row));
}

void LogsPage::scheduleRefresh()
{
    if (!isVisible()) {
        m_dirty = true;
        return;
    }
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void LogsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        reload();
}

QString LogsPage::errorTextFor(const UsageRecord &r, const QList<RouteAttempt> &attempts,
                               const CapturedExchange &capture)
{
    if (UsageQuery::isOk(r.status) && r.errorClass.isEmpty())
        return {};
    // Plain English on purpose: this text goes into bug reports and issue trackers.
    QStringList lines;
    lines.append(QStringLiteral("HTTP %1 %2").arg(r.status).arg(r.errorClass).trimmed());
    lines.append(QStringLiteral("request %1 at %2, model %3, endpoint %4")
                     .arg(r.requestId,
                          QDateTime::fromMSecsSinceEpoch(r.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs),
                          r.requestedModel, r.endpoint));
    for (int i = 0; i < attempts.size(); ++i) {
        const RouteAttempt &a = attempts.at(i);
        lines.append(QStringLiteral("attempt %1: %2 %3 -> %4, status %5%6, %7 ms")
                         .arg(i + 1)
                         .arg(a.channel, a.model, a.outcome)
                         .arg(a.status)
                         .arg(a.error.isEmpty() ? QString() : QStringLiteral(", ") + a.error)
                         .arg(a.ms));
    }
    if (!capture.responseBody.isEmpty())
        lines.append(QString::fromUtf8(capture.responseBody.left(8192)));
    return lines.join(QLatin1Char('\n'));
}

void LogsPage::showDetail(const UsageLogRow *row)
{
    m_traceTree->clear();
    m_headersEdit->clear();
    m_requestEdit->clear();
    m_responseEdit->clear();
    m_errorText.clear();
    if (!row) {
        m_detailRequestId.clear();
        m_summaryLabel->setText(tr("Select a request to see its details."));
        m_timingsLabel->clear();
        m_reasonLabel->clear();
        m_copyErrorButton->setEnabled(false);
        return;
    }
    const UsageRecord &r = row->record;
    m_detailRequestId = r.requestId;
    const QList<RouteAttempt> attempts = UsageQuery::parseRouteTrace(r.routeTrace);
    const CapturedExchange capture = row->hasCapture ? m_query.capture(r.requestId) : CapturedExchange();

    const QString model = r.resolvedModel.isEmpty() || r.resolvedModel == r.requestedModel
        ? r.requestedModel
        : QStringLiteral("%1 \u2192 %2").arg(r.requestedModel, r.resolvedModel);
    m_summaryLabel->setText(tr("%1 · %2 · HTTP %3 %4 · %5 · %6")
                                .arg(r.requestId, UsageFormat::time(r.timestampMs))
                                .arg(r.status)
                                .arg(r.errorClass, r.endpoint, model)
                                .simplified());
    m_timingsLabel->setText(
        tr("Latency %1, first token %2 · %3 in, %4 out, %5 cache read, %6 cache write · %7")
            .arg(UsageFormat::duration(r.latencyMs), UsageFormat::duration(r.ttftMs),
                 UsageFormat::tokens(r.inputTokens), UsageFormat::tokens(r.outputTokens),
                 UsageFormat::tokens(r.cacheReadTokens), UsageFormat::tokens(r.cacheWriteTokens),
                 UsageFormat::cost(r.costUsd)));
    m_reasonLabel->setText(r.routeReason.isEmpty() ? tr("(not recorded)") : r.routeReason);

    for (int i = 0; i < attempts.size(); ++i) {
        const RouteAttempt &a = attempts.at(i);
        auto *item = new QTreeWidgetItem(m_traceTree,
                                         {QString::number(i + 1), a.channel, a.model,
                                          a.keyId ? QString::number(a.keyId) : QString(), a.outcome,
                                          a.status ? QString::number(a.status) : QString(), a.error,
                                          UsageFormat::duration(a.ms)});
        if (!UsageQuery::isOk(a.status))
            item->setForeground(5, QBrush(Qt::red));
    }

    const QString notCaptured = tr("Not captured. Turn on body capture in the settings to record headers "
                                   "and bodies of new requests.");
    m_headersEdit->setPlainText(capture.found ? capture.requestHeaders : notCaptured);
    m_requestEdit->setPlainText(capture.found ? bodyText(capture.requestBody) : notCaptured);
    m_responseEdit->setPlainText(capture.found ? bodyText(capture.responseBody) : notCaptured);

    m_errorText = errorTextFor(r, attempts, capture);
    m_copyErrorButton->setEnabled(!m_errorText.isEmpty());
}

void LogsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LogsPage::retranslate()
{
    m_rangeCombo->setItemText(int(RangePreset::LastHour), tr("Last hour"));
    m_rangeCombo->setItemText(int(RangePreset::Today), tr("Today"));
    m_rangeCombo->setItemText(int(RangePreset::Last7Days), tr("Last 7 days"));
    m_rangeCombo->setItemText(int(RangePreset::Last30Days), tr("Last 30 days"));
    m_rangeCombo->setItemText(int(RangePreset::All), tr("All time"));
    m_statusCombo->setItemText(0, tr("All statuses"));
    m_statusCombo->setItemText(1, tr("Success"));
    m_statusCombo->setItemText(2, tr("Errors"));
    m_modelCombo->setItemText(0, tr("All models"));
    m_channelCombo->setItemText(0, tr("All channels"));
    m_sessionEdit->setPlaceholderText(tr("Session id"));
    m_searchEdit->setPlaceholderText(tr("Search id, model, channel, error…"));
    m_copyErrorButton->setText(tr("Copy error"));
    m_reasonCaption->setText(tr("Route reason:"));
    m_traceTree->setHeaderLabels({tr("#"), tr("Channel"), tr("Model"), tr("Key"), tr("Outcome"), tr("Status"),
                                  tr("Error"), tr("Time")});
    m_detailTabs->setTabText(0, tr("Route trace"));
    m_detailTabs->setTabText(1, tr("Headers"));
    m_detailTabs->setTabText(2, tr("Request body"));
    m_detailTabs->setTabText(3, tr("Response body"));
    m_model->retranslate();
    m_columnsFitted = false; // header texts changed width
    if (!m_dirty)
        reload(); // the count line and the detail texts
}

} // namespace Switchyard
