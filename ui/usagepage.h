#pragma once

#include "usagequery.h"

#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QGroupBox;

namespace Switchyard {

class AppController;
class LogModel;
class UsageLeaderboardModel;
class UsageSessionModel;

// Usage charts (tokens and cost over time, stacked by model or channel), ranges, the per-session
// timeline, leaderboards and CSV export. Every number comes from an SQL aggregate (UsageQuery); the
// page loads when first shown, and only the tab in view: the sessions and leaderboards load when
// their tab is opened.
class UsagePage : public QWidget
{
    Q_OBJECT

public:
    enum class RangePreset
    {
        Today,
        Last7Days,
        Last30Days,
        Custom,
    };
    enum Tab
    {
        OverTimeTab,
        SessionsTab,
        LeaderboardsTab,
    };
    // How many stack keys the charts show before folding the rest into "Other".
    static constexpr int MaxStackKeys = 8;
    // Live refresh waits this long after a usage batch, so a busy proxy does not redraw constantly.
    static constexpr int RefreshDelayMs = 2000;

    explicit UsagePage(AppController *controller, QWidget *parent = nullptr);

    // The range the controls select now, in local days.
    UsageRange currentRange() const;
    qint64 currentBucketMs() const;
    // Re-runs the queries of the visible tab now (the others when they are next shown).
    void reload();
    // Writes the current range as CSV; false with *error when the file cannot be written.
    bool exportCsv(const QString &fileName, QString *error = nullptr);

    // For tests and the benchmark: the models and charts behind the views.
    QChart *tokensChart() const { return m_tokensChart; }
    QChart *costChart() const { return m_costChart; }
    const UsageTimeSeries &series() const { return m_series; }
    const UsageTotals &totals() const { return m_totals; }
    UsageSessionModel *sessionModel() const { return m_sessionModel; }
    LogModel *timelineModel() const { return m_timelineModel; }
    UsageLeaderboardModel *leaderboardModel(LeaderboardBy by) const;

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void loadTab(int tab);
    void loadCharts();
    void loadSessions();
    void loadLeaderboards();
    void showSession(const QString &sessionId);
    void updateTotalsLabel();
    void rangeChanged();
    void chooseExportFile();
    void scheduleRefresh();
    QString keyLabel(const QString &key) const;

    AppController *m_controller;
    UsageQuery m_query;

    QLabel *m_rangeLabel;
    QComboBox *m_rangeCombo;
    QDateEdit *m_fromEdit;
    QDateEdit *m_toEdit;
    QLabel *m_stackLabel;
    QComboBox *m_stackCombo;
    QPushButton *m_exportButton;
    QLabel *m_totalsLabel;
    QTabWidget *m_tabs;
    QChart *m_tokensChart;
    QChart *m_costChart;
    QChartView *m_tokensView;
    QChartView *m_costView;
    QTableView *m_sessionView;
    QTableView *m_timelineView;
    QLabel *m_timelineLabel;
    QGroupBox *m_leaderBoxes[3];
    QTableView *m_leaderViews[3];

    UsageSessionModel *m_sessionModel;
    LogModel *m_timelineModel;
    UsageLeaderboardModel *m_leaderModels[3];

    UsageTimeSeries m_series;
    UsageTotals m_totals;
    QString m_selectedSession;
    bool m_loaded[3] = {false, false, false};
    bool m_dirty = true;
    QTimer m_refreshTimer;
};

} // namespace Switchyard
