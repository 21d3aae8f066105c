// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "htmlform.h"

#include <QHash>

namespace medpull {

namespace {

struct Tag {
    QString name; // lower case, "/name" for an end tag
    QHash<QString, QString> attributes;
};

bool isSpace(QChar c) {
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') ||
           c == QLatin1Char('\r') || c == QLatin1Char('\f');
}

// Parses the tag starting at html[pos] == '<'; leaves pos after '>'.
Tag readTag(const QString &html, qsizetype &pos) {
    Tag tag;
    qsizetype i = pos + 1;
    const qsizetype n = html.size();
    const qsizetype nameStart = i;
    while (i < n && !isSpace(html.at(i)) && html.at(i) != QLatin1Char('>') &&
           !(html.at(i) == QLatin1Char('/') && i > nameStart))
        ++i;
    tag.name = html.mid(nameStart, i - nameStart).toLower();
    while (i < n && html.at(i) != QLatin1Char('>')) {
        while (i < n && (isSpace(html.at(i)) || html.at(i) == QLatin1Char('/')))
            ++i;
        if (i >= n || html.at(i) == QLatin1Char('>'))
            break;
        const qsizetype keyStart = i;
        while (i < n && !isSpace(html.at(i)) && html.at(i) != QLatin1Char('=') &&
               html.at(i) != QLatin1Char('>'))
            ++i;
        const QString key = html.mid(keyStart, i - keyStart).toLower();
        while (i < n && isSpace(html.at(i)))
            ++i;
        QString value;
        if (i < n && html.at(i) == QLatin1Char('=')) {
            ++i;
            while (i < n && isSpace(html.at(i)))
                ++i;
            if (i < n && (html.at(i) == QLatin1Char('"') || html.at(i) == QLatin1Char('\''))) {
                const QChar quote = html.at(i++);
                const qsizetype end = html.indexOf(quote, i);
                const qsizetype stop = end < 0 ? n : end;
                value = html.mid(i, stop - i);
                i = end < 0 ? n : end + 1;
            } else {
                const qsizetype valueStart = i;
                while (i < n && !isSpace(html.at(i)) && html.at(i) != QLatin1Char('>'))
                    ++i;
                value = html.mid(valueStart, i - valueStart);
            }
        }
        if (!key.isEmpty() && !tag.attributes.contains(key))
            tag.attributes.insert(key, decodeHtmlEntities(value));
    }
    pos = i < n ? i + 1 : n;
    return tag;
}

QString textUntil(const QString &html, qsizetype &pos, const QString &endTag) {
    const qsizetype end = html.indexOf(QLatin1String("</") + endTag, pos, Qt::CaseInsensitive);
    const qsizetype stop = end < 0 ? html.size() : end;
    QString text = html.mid(pos, stop - pos);
    pos = stop;
    // Strip nested markup (e.g. <strong> inside a label) from the text.
    QString plain;
    bool inTag = false;
    for (const QChar c : std::as_const(text)) {
        if (c == QLatin1Char('<'))
            inTag = true;
        else if (c == QLatin1Char('>'))
            inTag = false;
        else if (!inTag)
            plain += c;
    }
    return decodeHtmlEntities(plain).simplified();
}

} // namespace

QString decodeHtmlEntities(const QString &text) {
    if (!text.contains(QLatin1Char('&')))
        return text;
    static const QHash<QString, QString> named{{QStringLiteral("amp"), QStringLiteral("&")},
                                               {QStringLiteral("lt"), QStringLiteral("<")},
                                               {QStringLiteral("gt"), QStringLiteral(">")},
                                               {QStringLiteral("quot"), QStringLiteral("\"")},
                                               {QStringLiteral("apos"), QStringLiteral("'")},
                                               {QStringLiteral("nbsp"), QStringLiteral(" ")}};
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const qsizetype semicolon =
            text.at(i) == QLatin1Char('&') ? text.indexOf(QLatin1Char(';'), i) : -1;
        if (semicolon < 0 || semicolon - i > 10) {
            out += text.at(i);
            continue;
        }
        const QString entity = text.mid(i + 1, semicolon - i - 1);
        QString replacement;
        if (entity.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const uint cp = entity.startsWith(QLatin1String("#x"), Qt::CaseInsensitive)
                                ? entity.mid(2).toUInt(&ok, 16)
                                : entity.mid(1).toUInt(&ok, 10);
            if (ok && cp > 0 && cp <= 0x10FFFF) {
                const char32_t c = cp;
                replacement = QString::fromUcs4(&c, 1);
            }
        } else {
            replacement = named.value(entity);
        }
        if (replacement.isNull()) {
            out += text.at(i);
            continue;
        }
        out += replacement;
        i = semicolon;
    }
    return out;
}

QList<HtmlForm> HtmlForm::parse(const QString &html) {
    QList<HtmlForm> forms;
    HtmlForm *form = nullptr;
    HtmlFormField *select = nullptr;
    QHash<QString, QString> labelsFor; // label for="id" -> text
    QString wrappingLabel;
    bool inLabel = false;
    qsizetype labelStart = 0;

    qsizetype pos = 0;
    const qsizetype n = html.size();
    while (pos < n) {
        const qsizetype lt = html.indexOf(QLatin1Char('<'), pos);
        if (lt < 0)
            break;
        if (html.mid(lt, 4) == QLatin1String("<!--")) {
            const qsizetype end = html.indexOf(QLatin1String("-->"), lt + 4);
            pos = end < 0 ? n : end + 3;
            continue;
        }
        pos = lt;
        const Tag tag = readTag(html, pos);
        if (tag.name == QLatin1String("script") || tag.name == QLatin1String("style")) {
            const qsizetype end =
                html.indexOf(QLatin1String("</") + tag.name, pos, Qt::CaseInsensitive);
            pos = end < 0 ? n : end;
            continue;
        }
        if (tag.name == QLatin1String("form")) {
            forms.append(HtmlForm{
                tag.attributes.value(QStringLiteral("action")),
                tag.attributes.value(QStringLiteral("method"), QStringLiteral("get")).toLower(),
                {}});
            form = &forms.last();
            select = nullptr;
            continue;
        }
        if (tag.name == QLatin1String("/form")) {
            form = nullptr;
            select = nullptr;
            continue;
        }
        if (tag.name == QLatin1String("label")) {
            const QString forId = tag.attributes.value(QStringLiteral("for"));
            qsizetype textPos = pos;
            const QString text = textUntil(html, textPos, QStringLiteral("label"));
            if (!forId.isEmpty())
                labelsFor.insert(forId, text);
            inLabel = true;
            wrappingLabel = text;
            labelStart = pos;
            continue;
        }
        if (tag.name == QLatin1String("/label")) {
            inLabel = false;
            continue;
        }
        if (!form)
            continue;
        const auto attr = [&tag](const char *name) {
            return tag.attributes.value(QLatin1String(name));
        };
        if (tag.name == QLatin1String("input") || tag.name == QLatin1String("button") ||
            tag.name == QLatin1String("textarea") || tag.name == QLatin1String("select")) {
            HtmlFormField field;
            field.tag = tag.name;
            field.type = attr("type").toLower();
            if (field.type.isEmpty())
                field.type = tag.name == QLatin1String("button")  ? QStringLiteral("submit")
                             : tag.name == QLatin1String("input") ? QStringLiteral("text")
                                                                  : tag.name;
            field.name = attr("name");
            field.value = attr("value");
            field.id = attr("id");
            field.checked = tag.attributes.contains(QStringLiteral("checked"));
            field.disabled = tag.attributes.contains(QStringLiteral("disabled"));
            if (inLabel && labelStart <= pos)
                field.label = wrappingLabel;
            if (tag.name == QLatin1String("button")) {
                qsizetype textPos = pos;
                const QString text = textUntil(html, textPos, QStringLiteral("button"));
                if (field.label.isEmpty())
                    field.label = text;
                if (!tag.attributes.contains(QStringLiteral("value")))
                    field.value = text;
            } else if (tag.name == QLatin1String("textarea")) {
                field.value = textUntil(html, pos, QStringLiteral("textarea"));
            }
            form->fields.append(field);
            select = tag.name == QLatin1String("select") ? &form->fields.last() : nullptr;
            continue;
        }
        if (tag.name == QLatin1String("/select")) {
            select = nullptr;
            continue;
        }
        if (tag.name == QLatin1String("option") && select) {
            qsizetype textPos = pos;
            HtmlFormField::Option option;
            option.text = textUntil(html, textPos, QStringLiteral("option"));
            // An <option> is often left unclosed; its text ends at the next tag.
            const qsizetype nextTag = html.indexOf(QLatin1Char('<'), pos);
            if (nextTag >= 0 && nextTag < textPos) {
                qsizetype shortPos = pos;
                option.text =
                    decodeHtmlEntities(html.mid(shortPos, nextTag - shortPos)).simplified();
            }
            option.value = tag.attributes.value(QStringLiteral("value"), option.text);
            option.selected = tag.attributes.contains(QStringLiteral("selected"));
            select->options.append(option);
        }
    }
    // Labels given with for="id" may come before or after their control.
    for (HtmlForm &f : forms) {
        for (HtmlFormField &field : f.fields) {
            if (field.label.isEmpty() && !field.id.isEmpty())
                field.label = labelsFor.value(field.id);
        }
    }
    return forms;
}

} // namespace medpull
