// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace medpull {

// A validating pull parser over raw JSON bytes (RFC 8259, UTF-8 checked) that
// reports byte ranges instead of building a document. The Bundle parser uses
// it to cut each resource out of a page exactly as received, reading every
// byte once; QJsonDocument would build a tree and re-serialise it, which is
// slower and changes the bytes.
//
// Usage mirrors the document's structure: beginObject() then nextMember()
// until it returns false, consuming each member's value with readString(),
// readInteger(), a nested begin...() or skipValue(). Every call returns false
// once an error has been recorded; errorOffset() says where.
class JsonReader {
public:
    enum class Kind { Invalid, Object, Array, String, Number, True, False, Null };

    explicit JsonReader(QByteArrayView data);

    // The kind of the next value, judged by its first byte (skips whitespace).
    Kind peek();
    qsizetype position() const { return m_pos; }
    // Skips whitespace and returns the offset where the next value starts.
    qsizetype valueStart();

    bool beginObject();
    // Reads the next member's key; false at the closing brace (consumed) or
    // on error. The key view stays valid until the next call.
    bool nextMember(QByteArrayView &key);
    bool beginArray();
    // Positions at the next element; false at the closing bracket or on error.
    bool nextElement();

    bool readString(QString &out);
    // A JSON number that is an integer within qint64; other numbers fail.
    bool readInteger(qint64 &out);
    // Validates and skips one value of any kind.
    bool skipValue();
    // Only whitespace remains.
    bool atEnd();

    bool failed() const { return !m_error.isEmpty(); }
    QString errorMessage() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }
    // 1-based line and column (in bytes) of errorOffset().
    int errorLine() const;
    int errorColumn() const;

    // Records an error at `offset` unless one is already recorded.
    bool fail(qsizetype offset, const QString &message);

    static constexpr int maxDepth = 512;

private:
    void skipWhitespace();
    bool expectSeparator(char close, bool &closed);
    bool scanString(qsizetype &contentEnd, bool &hasEscapes);
    bool scanNumber(bool &isInteger);
    bool scanLiteral(const char *literal, qsizetype length);
    bool validateUtf8(qsizetype &pos);

    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    bool m_justOpened = false;
    QByteArray m_keyBuffer;
    std::vector<char> m_stack;
    QString m_error;
    qsizetype m_errorOffset = -1;
};

// Decodes the content of a JSON string (between the quotes) that the reader
// has already validated.
QString decodeJsonString(QByteArrayView content);
QByteArray decodeJsonStringUtf8(QByteArrayView content);

} // namespace medpull
