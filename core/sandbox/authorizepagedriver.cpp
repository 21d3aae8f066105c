// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "authorizepagedriver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUrlQuery>

namespace medpull {

namespace {

constexpr int maxHops = 20;
constexpr int maxPages = 5;

QString describe(const HtmlFormField &field) {
    return (field.name + QLatin1Char(' ') + field.value + QLatin1Char(' ') + field.label).toLower();
}

bool isSubmit(const HtmlFormField &field) {
    return (field.tag == QLatin1String("button") || field.tag == QLatin1String("input")) &&
           (field.type == QLatin1String("submit") || field.type == QLatin1String("image"));
}

// The control holding the patient choice: a radio group or select whose name
// mentions "patient", else the first radio group or select.
QString patientControlName(const HtmlForm &form) {
    QString first;
    for (const HtmlFormField &field : form.fields) {
        const bool candidate =
            field.type == QLatin1String("radio") || field.tag == QLatin1String("select");
        if (!candidate || field.name.isEmpty())
            continue;
        if (field.name.contains(QLatin1String("patient"), Qt::CaseInsensitive))
            return field.name;
        if (first.isEmpty())
            first = field.name;
    }
    return first;
}

QString choiceLabel(const QString &label, const QString &value) {
    return label.isEmpty() ? value : label;
}

} // namespace

AuthorizePageDriver::AuthorizePageDriver(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network) {}

void AuthorizePageDriver::run(const QUrl &authorizeUrl, const AuthorizePageChoice &choice) {
    m_choice = choice;
    m_result = AuthorizePageResult();
    m_hops = 0;
    m_finished = false;
    m_redirectUri = QUrl(
        QUrlQuery(authorizeUrl).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    if (!m_redirectUri.isValid() || m_redirectUri.isEmpty()) {
        finish(false, QStringLiteral("the authorize URL has no redirect_uri"));
        return;
    }
    get(authorizeUrl);
}

bool AuthorizePageDriver::isRedirectTarget(const QUrl &url) const {
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment) ==
           m_redirectUri.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
}

void AuthorizePageDriver::get(const QUrl &url) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "text/html,application/xhtml+xml");
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::finished, this, &AuthorizePageDriver::onReply);
}

void AuthorizePageDriver::post(const QUrl &url, const QByteArray &body) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "text/html,application/xhtml+xml");
    m_reply = m_network->post(request, body);
    connect(m_reply, &QNetworkReply::finished, this, &AuthorizePageDriver::onReply);
}

void AuthorizePageDriver::onReply() {
    QNetworkReply *reply = m_reply;
    m_reply.clear();
    if (!reply || m_finished)
        return;
    reply->deleteLater();
    const QUrl url = reply->url();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (isRedirectTarget(url)) {
        // The loopback listener answered; what it made of it is the flow's
        // business.
        m_result.redirectedTo = url;
        finish(
            status != 0,
            status != 0
                ? QString()
                : QStringLiteral("the redirect URI did not answer: %1").arg(reply->errorString()));
        return;
    }
    if (status == 0) {
        finish(false, QStringLiteral("%1: %2").arg(url.toDisplayString(), reply->errorString()));
        return;
    }
    if (++m_hops > maxHops) {
        finish(false, QStringLiteral("too many redirects"));
        return;
    }
    if (status >= 300 && status < 400) {
        const QUrl target = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
        get(target);
        return;
    }
    const QString body = QString::fromUtf8(reply->readAll());
    if (status != 200) {
        finish(false, QStringLiteral("the portal answered HTTP %1 for %2")
                          .arg(status)
                          .arg(url.toDisplayString(QUrl::RemoveQuery)));
        return;
    }
    if (++m_result.pages > maxPages) {
        finish(false, QStringLiteral("the portal kept showing pages without redirecting"));
        return;
    }
    submit(url, body);
}

bool AuthorizePageDriver::submit(const QUrl &pageUrl, const QString &html) {
    const QList<HtmlForm> forms = HtmlForm::parse(html);
    const HtmlForm *form = nullptr;
    for (const HtmlForm &candidate : forms) {
        if (std::any_of(candidate.fields.cbegin(), candidate.fields.cend(), isSubmit)) {
            form = &candidate;
            break;
        }
    }
    if (!form) {
        finish(false, QStringLiteral("the page at %1 has no form to submit")
                          .arg(pageUrl.toDisplayString(QUrl::RemoveQuery)));
        return false;
    }

    // The submit button: approve or deny by its words, else by position
    // (approve first, deny last, as portals lay them out).
    static const QRegularExpression approveWords(
        QStringLiteral("approve|allow|authori[sz]e|accept|grant|consent|continue|yes"));
    static const QRegularExpression denyWords(
        QStringLiteral("deny|reject|decline|cancel|refuse|disallow|\\bno\\b"));
    QList<const HtmlFormField *> buttons;
    for (const HtmlFormField &field : form->fields) {
        if (isSubmit(field) && !field.disabled)
            buttons << &field;
    }
    const HtmlFormField *button = nullptr;
    for (const HtmlFormField *candidate : buttons) {
        const QString words = describe(*candidate);
        const bool isDeny = denyWords.match(words).hasMatch();
        const bool isApprove = !isDeny && approveWords.match(words).hasMatch();
        if ((m_choice.approve && isApprove) || (!m_choice.approve && isDeny)) {
            button = candidate;
            break;
        }
    }
    if (!button && !buttons.isEmpty())
        button =
            m_choice.approve ? buttons.first() : (buttons.size() > 1 ? buttons.last() : nullptr);
    if (!button) {
        finish(false,
               QStringLiteral("the page offers no %1 button")
                   .arg(m_choice.approve ? QStringLiteral("approve") : QStringLiteral("deny")));
        return false;
    }

    // The patient choice.
    const QString patientName = patientControlName(*form);
    QStringList labels;
    QStringList values;
    for (const HtmlFormField &field : form->fields) {
        if (field.name != patientName || field.disabled)
            continue;
        if (field.type == QLatin1String("radio")) {
            labels << choiceLabel(field.label, field.value);
            values << field.value;
        } else if (field.tag == QLatin1String("select")) {
            for (const HtmlFormField::Option &option : field.options) {
                labels << choiceLabel(option.text, option.value);
                values << option.value;
            }
        }
    }
    m_result.patients = labels;
    int chosen = -1;
    if (!values.isEmpty()) {
        if (!m_choice.patientName.isEmpty()) {
            for (int i = 0; i < labels.size() && chosen < 0; ++i) {
                if (labels.at(i).contains(m_choice.patientName, Qt::CaseInsensitive) ||
                    values.at(i) == m_choice.patientName)
                    chosen = i;
            }
            if (chosen < 0 && m_choice.approve) {
                finish(false, QStringLiteral("no patient matching \"%1\" among: %2")
                                  .arg(m_choice.patientName, labels.join(QLatin1String(", "))));
                return false;
            }
        } else if (m_choice.patientIndex >= 0 && m_choice.patientIndex < values.size()) {
            chosen = m_choice.patientIndex;
        } else if (m_choice.approve) {
            finish(false, QStringLiteral("patient index %1 out of range (%2 choices)")
                              .arg(m_choice.patientIndex)
                              .arg(values.size()));
            return false;
        }
        if (chosen >= 0)
            m_result.chosenPatient = labels.at(chosen);
    }

    // Build the form data set the way a browser does.
    QUrlQuery data;
    for (const HtmlFormField &field : form->fields) {
        if (field.name.isEmpty() || field.disabled || isSubmit(field))
            continue;
        if (field.name == patientName && chosen >= 0) {
            if (field.tag == QLatin1String("select") || field.value == values.at(chosen))
                data.addQueryItem(field.name, values.at(chosen));
            continue;
        }
        if (field.type == QLatin1String("radio") || field.type == QLatin1String("checkbox")) {
            if (field.checked)
                data.addQueryItem(field.name,
                                  field.value.isEmpty() ? QStringLiteral("on") : field.value);
        } else if (field.tag == QLatin1String("select")) {
            const HtmlFormField::Option *pick =
                field.options.isEmpty() ? nullptr : &field.options.first();
            for (const HtmlFormField::Option &option : field.options) {
                if (option.selected)
                    pick = &option;
            }
            if (pick)
                data.addQueryItem(field.name, pick->value);
        } else if (field.type != QLatin1String("reset") && field.type != QLatin1String("button") &&
                   field.type != QLatin1String("file")) {
            data.addQueryItem(field.name, field.value);
        }
    }
    if (!button->name.isEmpty())
        data.addQueryItem(button->name, button->value);

    QStringList encoded;
    const auto items = data.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        encoded << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' +
                                       QUrl::toPercentEncoding(value));
    const QByteArray body = encoded.join(QLatin1Char('&')).toLatin1();
    const QUrl action = form->action.isEmpty() ? pageUrl : pageUrl.resolved(QUrl(form->action));
    if (form->method == QLatin1String("post")) {
        post(action, body);
    } else {
        QUrl target = action;
        target.setQuery(QString::fromLatin1(body));
        get(target);
    }
    return true;
}

void AuthorizePageDriver::finish(bool ok, const QString &error) {
    if (m_finished)
        return;
    m_finished = true;
    m_result.ok = ok;
    m_result.error = error;
    const AuthorizePageResult result = m_result;
    QMetaObject::invokeMethod(
        this, [this, result] { emit finished(result); }, Qt::QueuedConnection);
}

} // namespace medpull
