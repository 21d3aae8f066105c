// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "sandboxhttp.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace medpull::sandbox {

// How a portal registered its client (medpull), as a real portal's admin
// console would: the token endpoint's authentication method, the client
// secret, the client's JWKS, and the redirect URIs it accepts.
struct ClientRegistration {
    // none, client_secret_basic, client_secret_post or private_key_jwt.
    QString method = QStringLiteral("none");
    QString secret;
    QJsonObject jwks;
    // Empty: any loopback redirect URI (RFC 8252); else exactly one of these.
    QStringList redirectUris;
    // A portal that demands registered redirect URIs refuses all while it
    // has none.
    bool requireRegisteredRedirect = false;

    QJsonObject toJson() const;
    // Merges "secret", "jwks" and "redirectUris" from an admin request.
    void update(const QJsonObject &changes);
};

// The client authentication checks of a portal's token endpoint (RFC 6749
// 2.3.1, RFC 7523, SMART App Launch 2 client-confidential-asymmetric). The
// client assertion is verified with OpenSSL independently of medpull's
// signer: signature against the registered JWKS (RS384, ES384), iss = sub,
// aud = this token endpoint, exp in the future and at most 5 minutes ahead,
// and a jti never seen before.
class SandboxClientAuth {
public:
    ClientRegistration &registration() { return m_registration; }
    const ClientRegistration &registration() const { return m_registration; }

    // The authenticated client id, or empty with the reason for an
    // invalid_client answer in `why`.
    QString authenticate(const HttpRequest &request, const QUrlQuery &form, const QString &tokenUrl,
                         QString *why);
    bool acceptsRedirect(const QString &redirectUri) const;

private:
    QString verifyAssertion(const QString &assertion, const QString &tokenUrl, QString *why);

    ClientRegistration m_registration;
    // jti -> its exp (s): a replayed assertion is refused.
    QHash<QString, qint64> m_seenJti;
};

} // namespace medpull::sandbox
