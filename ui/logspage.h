#pragma once

#include "usagequery.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace Switchyard {

class AppController;
class LogModel;

// Request log with filters and search, and a detail pane: the route trace with the reason the route
// was chosen, timings, redacted headers, and the bodies when body capture was on. New requests
// appear on their own (Storage::usageRecorded, throttled).
class LogsPage : public QWidget
{
    Q_OBJECT

public:
    enum class RangePreset
    {
        LastHour,
        Today,
        Last7Days,
        Last30Days,
        All,
    };
    // At most this many rows are listed; the filters narrow down the rest.
    static constexpr int RowLimit = 1000;
    static constexpr int RefreshDelayMs = 1000;
    static constexpr int SearchDelayMs = 250;

    explicit LogsPage(AppController *controller, QWidget *parent = nullptr);

    UsageLogFilter currentFilter() const;
    // Runs the query for the current filters now, keeping the selected request when it is still listed.
    void reload();
    LogModel *model() const { return m_model; }
    // The request shown in the detail pane, empty when none.
    QString selectedRequestId() const { return m_detailRequestId; }
    // What "Copy error" copies for the selected request (empty when it succeeded).
    QString errorText() const { return m_errorText; }

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void refreshChoices();
    void showDetail(const UsageLogRow *row);
    void scheduleRefresh();
    static QString errorTextFor(const UsageRecord &record, const QList<RouteAttempt> &attempts,
                                const CapturedExchange &capture);

    AppController *m_controller;
    UsageQuery m_query;

    QComboBox *m_rangeCombo;
    QComboBox *m_statusCombo;
    QComboBox *m_modelCombo;
    QComboBox *m_channelCombo;
    QLineEdit *m_sessionEdit;
    QLineEdit *m_searchEdit;
    QLabel *m_countLabel;
    QTableView *m_table;
    LogModel *m_model;

    QLabel *m_summaryLabel;
    QLabel *m_timingsLabel;
    QLabel *m_reasonCaption;
    QLabel *m_reasonLabel;
    QTabWidget *m_detailTabs;
    QTreeWidget *m_traceTree;
    QPlainTextEdit *m_headersEdit;
    QPlainTextEdit *m_requestEdit;
    QPlainTextEdit *m_responseEdit;
    QPushButton *m_copyErrorButton;

    QString m_detailRequestId;
    QString m_errorText;
    bool m_columnsFitted = false;
    bool m_dirty = true;
    QTimer m_refreshTimer;
    QTimer m_searchTimer;
};

} // namespace Switchyard
