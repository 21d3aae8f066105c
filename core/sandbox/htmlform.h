// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>

namespace medpull {

// One control of an HTML form, as a browser would see it.
struct HtmlFormField {
    struct Option {
        QString value;
        QString text;
        bool selected = false;
    };

    QString tag;  // input, button, select, textarea
    QString type; // lower case; "submit" for a button without a type
    QString name;
    QString value;
    QString id;
    QString label; // text of its <label>, or the button's / option's own text
    bool checked = false;
    bool disabled = false;
    QList<Option> options; // select only
};

struct HtmlForm {
    QString action;
    QString method; // lower case, "get" by default
    QList<HtmlFormField> fields;

    // Every <form> of a page. Tolerant like a browser: unquoted and boolean
    // attributes, any case, unclosed tags, comments, script and style.
    static QList<HtmlForm> parse(const QString &html);
};

QString decodeHtmlEntities(const QString &text);

} // namespace medpull
