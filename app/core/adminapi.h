#pragma once

// The local management API: /admin/* on the proxy's own port, for scripts (README "Management
// API"). Lists and changes providers, channels, groups and rules, forces breakers, creates and
// disables client keys, and answers usage and log queries.
//
// Threads: the HTTP side runs in the proxy thread (AdminApi::attach installs a small front object
// there). It refuses non-local Host headers and cross-site browser requests itself, then copies the
// request and posts it to this object, which lives in the AppController's thread and does all
// storage, secret store and controller work there. The answer travels back through the replied()
// signal (a queued connection to the proxy-thread front); a client that went away in between is
// simply not answered. The proxy thread never waits for this thread.
//
// Lifetime: AdminApi must outlive every proxy thread it was attached to (the AppController owns it
// and destroys it after stopping the proxy).

#include "configtypes.h"

#include <QByteArray>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrlQuery>

namespace Switchyard {

class AppController;
class ProxyServer;

// One admin request as copied out of the proxy thread.
struct AdminRequest
{
    quint64 id = 0; // matches the reply to the waiting connection
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QByteArray path; // normalised, e.g. "/admin/channels/3"
    QUrlQuery query;
    QByteArray authorization; // the raw header (never logged)
    QByteArray body;
};

struct AdminReply
{
    int status = 200;
    QByteArray body; // JSON
};

class AdminApi : public QObject
{
    Q_OBJECT
public:
    // Lives in controller's thread.
    explicit AdminApi(AppController *controller);
    ~AdminApi() override;

    // Installs the /admin routes on server's HTTP front, in the proxy thread. Blocks until they are
    // in place (the proxy thread never waits on this one, so this cannot deadlock).
    void attach(ProxyServer *server);

    // Drops the cached token digest (the token was regenerated or the secret store changed).
    void forgetToken() { m_tokenDigest.clear(); }

    // Handles a request from the proxy thread and emits replied() with the answer.
    void submit(const AdminRequest &request);
    // The answer to one request, computed in this thread.
    AdminReply handle(const AdminRequest &request);

    // {"error": {"type": ..., "message": ...}}, the type derived from the status.
    static QByteArray errorBody(int status, const QString &message);

Q_SIGNALS:
    // The answer to AdminRequest::id; delivered to the proxy thread by a queued connection.
    void replied(quint64 id, int status, const QByteArray &body);

private:
    QByteArray tokenDigest(QString *error);
    AdminReply route(const AdminRequest &request);
    AdminReply status();
    AdminReply breakers(const QJsonObject &body);
    AdminReply usage(const QUrlQuery &query);
    AdminReply logs(const QUrlQuery &query);
    AdminReply list(const QString &kind);
    AdminReply get(const QString &kind, qint64 id);
    AdminReply save(const QString &kind, qint64 id, const QJsonObject &body,
                    QHttpServerRequest::Method method);
    AdminReply remove(const QString &kind, qint64 id);
    AdminReply createClientKey(const QJsonObject &body);

    AppController *m_controller;
    QByteArray m_tokenDigest; // SHA-256 hex of the admin token, cached after the first read
    bool m_resolvingToken = false;
    QList<AdminRequest> m_waiting; // requests that arrived while the token was being read
};

} // namespace Switchyard
