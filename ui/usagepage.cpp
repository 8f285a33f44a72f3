#include "usagepage.h"

#include "appcontroller.h"
#include "csvexport.h"
#include "logmodel.h"
#include "storage.h"
#include "usagemodels.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

namespace Switchyard {

namespace {

constexpr qint64 HourMs = 60 * 60 * 1000LL;
constexpr qint64 DayMs = 24 * HourMs;

const LeaderboardBy LeaderboardKinds[3] = {LeaderboardBy::Model, LeaderboardBy::Channel,
                                           LeaderboardBy::ClientKey};

qint64 startOfDayMs(const QDate &date)
{
    return QDateTime(date, QTime(0, 0)).toMSecsSinceEpoch();
}

// Columns fit their contents; the text column named by stretchColumn takes the spare width, so the
// numbers stay next to their labels instead of drifting to the far edge.
QTableView *makeTable(QAbstractItemModel *model, const char *objectName, int stretchColumn)
{
    auto *view = new QTableView;
    view->setObjectName(QLatin1String(objectName));
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->setWordWrap(false);
    view->horizontalHeader()->setStretchLastSection(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
    return view;
}

// Replaces the chart's content with one stacked bar set per key over the categories.
void fillChart(QChart *chart, const QString &title, const QStringList &categories, const QStringList &keys,
               const QList<QList<double>> &values)
{
    chart->removeAllSeries();
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);
    auto *series = new QStackedBarSeries;
    for (int k = 0; k < keys.size(); ++k) {
        auto *set = new QBarSet(keys.at(k));
        for (double v : values.at(k))
            set->append(v);
        series->append(set);
    }
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    // Day labels of a month do not fit side by side.
    x->setLabelsAngle(categories.size() > 12 ? -90 : 0);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    y->setMin(0);
    y->setLabelFormat(QStringLiteral("%.4g"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    if (!keys.isEmpty())
        y->applyNiceNumbers();
}

QChart *makeChart()
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

QChartView *makeChartView(QChart *chart, const char *objectName)
{
    auto *view = new QChartView(chart);
    view->setObjectName(QLatin1String(objectName));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return view;
}

} // namespace

UsagePage::UsagePage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_query(controller ? controller->storage() : nullptr)
{
    m_rangeLabel = new QLabel;
    m_rangeCombo = new QComboBox;
    m_rangeCombo->setObjectName(QStringLiteral("usageRange"));
    for (int i = 0; i < 4; ++i)
        m_rangeCombo->addItem(QString());
    m_rangeCombo->setCurrentIndex(int(RangePreset::Last7Days));
    const QDate today = QDate::currentDate();
    m_fromEdit = new QDateEdit(today.addDays(-6));
    m_fromEdit->setObjectName(QStringLiteral("usageFrom"));
    m_toEdit = new QDateEdit(today);
    m_toEdit->setObjectName(QStringLiteral("usageTo"));
    for (QDateEdit *edit : {m_fromEdit, m_toEdit}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setEnabled(false);
        // The size hint leaves no room for the popup arrow with some styles; keep the date whole.
        edit->setMinimumWidth(edit->sizeHint().width()
                              + edit->fontMetrics().horizontalAdvance(QStringLiteral("00")));
    }
    m_stackLabel = new QLabel;
    m_stackCombo = new QComboBox;
    m_stackCombo->setObjectName(QStringLiteral("usageStackBy"));
    m_stackCombo->addItem(QString());
    m_stackCombo->addItem(QString());
    m_exportButton = new QPushButton;
    m_exportButton->setObjectName(QStringLiteral("usageExportCsv"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_rangeLabel);
    controls->addWidget(m_rangeCombo);
    controls->addWidget(m_fromEdit);
    controls->addWidget(m_toEdit);
    controls->addSpacing(12);
    controls->addWidget(m_stackLabel);
    controls->addWidget(m_stackCombo);
    controls->addStretch(1);
    controls->addWidget(m_exportButton);

    m_totalsLabel = new QLabel;
    m_totalsLabel->setObjectName(QStringLiteral("usageTotals"));
    m_totalsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totalsLabel->setWordWrap(true);

    // Over time: tokens above cost.
    m_tokensChart = makeChart();
    m_costChart = makeChart();
    m_tokensView = makeChartView(m_tokensChart, "usageTokensChart");
    m_costView = makeChartView(m_costChart, "usageCostChart");
    auto *overTime = new QSplitter(Qt::Vertical);
    overTime->addWidget(m_tokensView);
    overTime->addWidget(m_costView);

    // Sessions: the list, and the selected session's requests below it.
    m_sessionModel = new UsageSessionModel(this);
    m_sessionView = makeTable(m_sessionModel, "usageSessions", UsageSessionModel::SessionColumn);
    m_timelineModel = new LogModel({LogModel::Column::Time, LogModel::Column::Model, LogModel::Column::Route,
                                    LogModel::Column::Tokens, LogModel::Column::Cost,
                                    LogModel::Column::Failovers, LogModel::Column::Status},
                                   this);
    m_timelineView =
        makeTable(m_timelineModel, "usageTimeline", m_timelineModel->columnOf(LogModel::Column::Route));
    m_timelineLabel = new QLabel;
    m_timelineLabel->setObjectName(QStringLiteral("usageTimelineTitle"));
    m_timelineLabel->setWordWrap(true);
    auto *timelineBox = new QWidget;
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(m_timelineLabel);
    timelineLayout->addWidget(m_timelineView);
    auto *sessions = new QSplitter(Qt::Vertical);
    sessions->addWidget(m_sessionView);
    sessions->addWidget(timelineBox);

    // Leaderboards side by side.
    auto *leaderboards = new QWidget;
    auto *leaderLayout = new QHBoxLayout(leaderboards);
    static const char *const leaderNames[3] = {"leaderByModel", "leaderByChannel", "leaderByKey"};
    for (int i = 0; i < 3; ++i) {
        m_leaderModels[i] = new UsageLeaderboardModel(LeaderboardKinds[i], this);
        m_leaderViews[i] = makeTable(m_leaderModels[i], leaderNames[i], UsageLeaderboardModel::NameColumn);
        m_leaderBoxes[i] = new QGroupBox;
        auto *boxLayout = new QVBoxLayout(m_leaderBoxes[i]);
        boxLayout->addWidget(m_leaderViews[i]);
        leaderLayout->addWidget(m_leaderBoxes[i]);
    }

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("usageTabs"));
    m_tabs->addTab(overTime, QString());
    m_tabs->addTab(sessions, QString());
    m_tabs->addTab(leaderboards, QString());

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_totalsLabel);
    layout->addWidget(m_tabs, 1);

    connect(m_rangeCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        const bool custom = index == int(RangePreset::Custom);
        m_fromEdit->setEnabled(custom);
        m_toEdit->setEnabled(custom);
        if (!custom) {
            const UsageRange range = currentRange();
            const QSignalBlocker blockFrom(m_fromEdit), blockTo(m_toEdit);
            m_fromEdit->setDate(QDateTime::fromMSecsSinceEpoch(range.fromMs).date());
            m_toEdit->setDate(QDateTime::fromMSecsSinceEpoch(range.toMs - 1).date());
        }
        rangeChanged();
    });
    connect(m_fromEdit, &QDateEdit::dateChanged, this, &UsagePage::rangeChanged);
    connect(m_toEdit, &QDateEdit::dateChanged, this, &UsagePage::rangeChanged);
    connect(m_stackCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_loaded[OverTimeTab] = false;
        loadTab(m_tabs->currentIndex());
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &UsagePage::loadTab);
    connect(m_exportButton, &QPushButton::clicked, this, &UsagePage::chooseExportFile);
    connect(m_sessionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                showSession(current.isValid() ? m_sessionModel->data(current, Qt::UserRole).toString()
                                              : QString());
            });

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &UsagePage::reload);
    if (controller && controller->storage())
        connect(controller->storage(), &Storage::usageRecorded, this, &UsagePage::scheduleRefresh);

    retranslate();
}

UsageLeaderboardModel *UsagePage::leaderboardModel(LeaderboardBy by) const
{
    for (int i = 0; i < 3; ++i) {
        if (LeaderboardKinds[i] == by)
            return m_leaderModels[i];
    }
    return nullptr;
}

UsageRange UsagePage::currentRange() const
{
    const QDate today = QDate::currentDate();
    const qint64 tomorrow = startOfDayMs(today.addDays(1));
    switch (RangePreset(m_rangeCombo->currentIndex())) {
    case RangePreset::Today:
        return {startOfDayMs(today), tomorrow};
    case RangePreset::Last7Days:
        return {startOfDayMs(today.addDays(-6)), tomorrow};
    case RangePreset::Last30Days:
        return {startOfDayMs(today.addDays(-29)), tomorrow};
    case RangePreset::Custom:
        break;
    }
    QDate from = m_fromEdit->date();
    QDate to = m_toEdit->date();
    if (to < from)
        std::swap(from, to);
    return {startOfDayMs(from), startOfDayMs(to.addDays(1))};
}

qint64 UsagePage::currentBucketMs() const
{
    const UsageRange range = currentRange();
    // Hours while a day or two is shown, days beyond.
    return range.toMs - range.fromMs <= 2 * DayMs + HourMs ? HourMs : DayMs;
}

void UsagePage::rangeChanged()
{
    m_selectedSession.clear();
    reload();
}

void UsagePage::scheduleRefresh()
{
    if (!isVisible()) {
        m_dirty = true;
        return;
    }
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void UsagePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        reload();
}

void UsagePage::reload()
{
    m_dirty = false;
    m_refreshTimer.stop();
    for (bool &loaded : m_loaded)
        loaded = false;
    m_totals = m_query.totals(currentRange());
    updateTotalsLabel();
    loadTab(m_tabs->currentIndex());
}

void UsagePage::loadTab(int tab)
{
    if (tab < 0 || tab > 2 || m_loaded[tab])
        return;
    m_loaded[tab] = true;
    switch (tab) {
    case OverTimeTab:
        loadCharts();
        break;
    case SessionsTab:
        loadSessions();
        break;
    case LeaderboardsTab:
        loadLeaderboards();
        break;
    }
}

QString UsagePage::keyLabel(const QString &key) const
{
    if (key == UsageQuery::otherKey())
        return tr("Other");
    return key.isEmpty() ? tr("(none)") : key;
}

void UsagePage::loadCharts()
{
    const UsageStackBy stackBy =
        m_stackCombo->currentIndex() == 1 ? UsageStackBy::Channel : UsageStackBy::Model;
    m_series = m_query.timeSeries(currentRange(), currentBucketMs(), stackBy, MaxStackKeys);

    QStringList categories;
    const bool hourly = m_series.bucketMs < DayMs;
    for (int b = 0; b < m_series.bucketCount; ++b) {
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(m_series.bucketStartMs(b));
        QString label = start.toString(hourly ? QStringLiteral("HH:00") : QStringLiteral("MM-dd"));
        // Category labels must be unique; a long custom range can repeat month-day pairs.
        if (categories.contains(label))
            label = start.toString(hourly ? QStringLiteral("MM-dd HH:00") : QStringLiteral("yyyy-MM-dd"));
        categories.append(label);
    }
    QStringList keys;
    for (const QString &key : std::as_const(m_series.keys))
        keys.append(keyLabel(key));

    // Token counts reach billions; scale them so the axis labels stay short.
    qint64 peak = 0;
    for (int b = 0; b < m_series.bucketCount; ++b) {
        qint64 sum = 0;
        for (const QList<qint64> &row : std::as_const(m_series.tokens))
            sum += row.at(b);
        peak = qMax(peak, sum);
    }
    const double divisor = peak >= 10'000'000 ? 1e6 : peak >= 10'000 ? 1e3 : 1;
    QList<QList<double>> tokens;
    for (const QList<qint64> &row : std::as_const(m_series.tokens)) {
        QList<double> scaled;
        scaled.reserve(row.size());
        for (qint64 v : row)
            scaled.append(double(v) / divisor);
        tokens.append(scaled);
    }
    const QString tokensTitle = divisor == 1e6 ? tr("Tokens (millions)")
        : divisor == 1e3                       ? tr("Tokens (thousands)")
                                               : tr("Tokens");
    fillChart(m_tokensChart, tokensTitle, categories, keys, tokens);
    fillChart(m_costChart, tr("Cost (USD)"), categories, keys, m_series.cost);
}

void UsagePage::loadSessions()
{
    m_sessionModel->setSessions(m_query.sessions(currentRange(), 500));
    int row = -1;
    for (int i = 0; i < m_sessionModel->sessions().size(); ++i) {
        if (m_sessionModel->sessions().at(i).sessionId == m_selectedSession)
            row = i;
    }
    if (row < 0 && m_sessionModel->rowCount() > 0)
        row = 0;
    if (row >= 0)
        m_sessionView->selectionModel()->setCurrentIndex(
            m_sessionModel->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    else
        showSession(QString());
}

void UsagePage::showSession(const QString &sessionId)
{
    m_selectedSession = sessionId;
    const QList<UsageLogRow> rows = m_query.sessionRequests(sessionId);
    m_timelineModel->setRows(rows);
    int failovers = 0;
    for (int i = 0; i < m_timelineModel->rowCount(); ++i)
        failovers +=
            m_timelineModel
                ->data(m_timelineModel->index(i, m_timelineModel->columnOf(LogModel::Column::Failovers)))
                .toInt();
    if (sessionId.isEmpty())
        m_timelineLabel->setText(tr("Pick a session to see its requests."));
    else
        m_timelineLabel->setText(
            tr("Session %1: %2 requests, %3 failovers")
                .arg(sessionId, QLocale().toString(rows.size()), QLocale().toString(failovers)));
}

void UsagePage::loadLeaderboards()
{
    const UsageRange range = currentRange();
    for (int i = 0; i < 3; ++i)
        m_leaderModels[i]->setRows(m_query.leaderboard(range, LeaderboardKinds[i], 50));
}

void UsagePage::updateTotalsLabel()
{
    const QLocale locale;
    m_totalsLabel->setText(
        tr("%1 requests · %2 tokens (%3 in, %4 out, %5 cache) · %6 · %7 errors")
            .arg(locale.toString(m_totals.requests), UsageFormat::tokens(m_totals.tokens()),
                 UsageFormat::tokens(m_totals.inputTokens), UsageFormat::tokens(m_totals.outputTokens),
                 UsageFormat::tokens(m_totals.cacheReadTokens + m_totals.cacheWriteTokens),
                 UsageFormat::cost(m_totals.costUsd), locale.toString(m_totals.errors)));
}

bool UsagePage::exportCsv(const QString &fileName, QString *error)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    Storage *storage = m_controller ? m_controller->storage() : nullptr;
    if (!CsvExport::writeUsage(storage, currentRange(), &file, error)) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void UsagePage::chooseExportFile()
{
    const UsageRange range = currentRange();
    const QString suggested = QStringLiteral("switchyard-usage-%1-%2.csv")
                                  .arg(QDateTime::fromMSecsSinceEpoch(range.fromMs).toString(u"yyyyMMdd"),
                                       QDateTime::fromMSecsSinceEpoch(range.toMs - 1).toString(u"yyyyMMdd"));
    // A dialog object rather than the static helper, so tests can find and answer it.
    QFileDialog dialog(this, tr("Export usage as CSV"));
    dialog.setObjectName(QStringLiteral("usageExportDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilter(tr("CSV files (*.csv)"));
    dialog.setDefaultSuffix(QStringLiteral("csv"));
    dialog.setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    dialog.selectFile(suggested);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    QString error;
    if (!exportCsv(dialog.selectedFiles().constFirst(), &error))
        QMessageBox::warning(this, tr("Export usage as CSV"),
                             tr("The file could not be written: %1").arg(error));
}

void UsagePage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void UsagePage::retranslate()
{
    m_rangeLabel->setText(tr("Range:"));
    m_rangeCombo->setItemText(int(RangePreset::Today), tr("Today"));
    m_rangeCombo->setItemText(int(RangePreset::Last7Days), tr("Last 7 days"));
    m_rangeCombo->setItemText(int(RangePreset::Last30Days), tr("Last 30 days"));
    m_rangeCombo->setItemText(int(RangePreset::Custom), tr("Custom"));
    m_fromEdit->setToolTip(tr("First day"));
    m_toEdit->setToolTip(tr("Last day"));
    m_stackLabel->setText(tr("Stack by:"));
    m_stackCombo->setItemText(0, tr("Model"));
    m_stackCombo->setItemText(1, tr("Channel"));
    m_exportButton->setText(tr("Export CSV…"));
    m_tabs->setTabText(OverTimeTab, tr("Over time"));
    m_tabs->setTabText(SessionsTab, tr("Sessions"));
    m_tabs->setTabText(LeaderboardsTab, tr("Leaderboards"));
    m_leaderBoxes[0]->setTitle(tr("By model"));
    m_leaderBoxes[1]->setTitle(tr("By channel"));
    m_leaderBoxes[2]->setTitle(tr("By client key"));
    m_sessionModel->retranslate();
    m_timelineModel->retranslate();
    for (UsageLeaderboardModel *model : m_leaderModels)
        model->retranslate();
    updateTotalsLabel();
    if (m_loaded[OverTimeTab])
        loadCharts(); // chart titles and the "Other"/"(none)" keys
    if (m_loaded[SessionsTab] || m_selectedSession.isEmpty())
        showSession(m_selectedSession);
}

} // namespace Switchyard
