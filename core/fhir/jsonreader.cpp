// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsonreader.h"

#include <array>
#include <cstring>

namespace medpull {

namespace {

// Bytes that end the fast path inside a string: quote, backslash, control
// characters and the start of any multi-byte UTF-8 sequence.
constexpr std::array<bool, 256> stringSpecial = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c)
        table[c] = true;
    for (int c = 0x80; c < 0x100; ++c)
        table[c] = true;
    table['"'] = true;
    table['\\'] = true;
    return table;
}();

constexpr quint64 ones = 0x0101010101010101ULL;
constexpr quint64 highs = 0x8080808080808080ULL;

// Eight bytes at a time: true when any byte is special (see stringSpecial).
inline bool wordHasSpecial(quint64 word) {
    const auto hasZero = [](quint64 v) {
        return (v - ones) & ~v & highs;
    };
    const quint64 below0x20 = (word - ones * 0x20) & ~word & highs;
    return below0x20 | hasZero(word ^ (ones * '"')) | hasZero(word ^ (ones * '\\')) |
           (word & highs);
}

inline bool isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(QByteArray &out, uint cp) {
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace

JsonReader::JsonReader(QByteArrayView data)
    : m_data(data.data())
    , m_size(data.size()) {
    m_stack.reserve(32);
}

bool JsonReader::fail(qsizetype offset, const QString &message) {
    if (m_error.isEmpty()) {
        m_error = message;
        m_errorOffset = offset;
    }
    return false;
}

int JsonReader::errorLine() const {
    if (m_errorOffset < 0)
        return 0;
    int line = 1;
    for (qsizetype i = 0; i < m_errorOffset && i < m_size; ++i)
        line += m_data[i] == '\n';
    return line;
}

int JsonReader::errorColumn() const {
    if (m_errorOffset < 0)
        return 0;
    qsizetype lineStart = qMin(m_errorOffset, m_size);
    while (lineStart > 0 && m_data[lineStart - 1] != '\n')
        --lineStart;
    return int(m_errorOffset - lineStart) + 1;
}

void JsonReader::skipWhitespace() {
    while (m_pos < m_size && isWhitespace(m_data[m_pos]))
        ++m_pos;
}

qsizetype JsonReader::valueStart() {
    skipWhitespace();
    return m_pos;
}

JsonReader::Kind JsonReader::peek() {
    if (failed())
        return Kind::Invalid;
    skipWhitespace();
    if (m_pos >= m_size)
        return Kind::Invalid;
    switch (m_data[m_pos]) {
    case '{':
        return Kind::Object;
    case '[':
        return Kind::Array;
    case '"':
        return Kind::String;
    case 't':
        return Kind::True;
    case 'f':
        return Kind::False;
    case 'n':
        return Kind::Null;
    default:
        break;
    }
    const char c = m_data[m_pos];
    return (c == '-' || (c >= '0' && c <= '9')) ? Kind::Number : Kind::Invalid;
}

bool JsonReader::atEnd() {
    if (failed())
        return false;
    skipWhitespace();
    if (m_pos != m_size)
        return fail(m_pos, QStringLiteral("unexpected data after the JSON value"));
    return true;
}

bool JsonReader::beginObject() {
    if (peek() != Kind::Object)
        return fail(m_pos, QStringLiteral("expected a JSON object"));
    ++m_pos;
    m_justOpened = true;
    return true;
}

bool JsonReader::beginArray() {
    if (peek() != Kind::Array)
        return fail(m_pos, QStringLiteral("expected a JSON array"));
    ++m_pos;
    m_justOpened = true;
    return true;
}

// After an element: either the closing character or a comma. Right after the
// opening bracket a closing one is allowed and a comma is not.
bool JsonReader::expectSeparator(char close, bool &closed) {
    closed = false;
    if (failed())
        return false;
    skipWhitespace();
    if (m_pos >= m_size)
        return fail(m_pos, QStringLiteral("unexpected end of data"));
    const char c = m_data[m_pos];
    if (c == close) {
        ++m_pos;
        closed = true;
        m_justOpened = false;
        return true;
    }
    if (m_justOpened) {
        m_justOpened = false;
        return true;
    }
    if (c != ',')
        return fail(m_pos, close == '}' ? QStringLiteral("expected ',' or '}' in object")
                                        : QStringLiteral("expected ',' or ']' in array"));
    ++m_pos;
    skipWhitespace();
    return true;
}

bool JsonReader::nextMember(QByteArrayView &key) {
    bool closed = false;
    const bool wasFirst = m_justOpened;
    if (!expectSeparator('}', closed) || closed)
        return false;
    if (!wasFirst && m_pos < m_size && m_data[m_pos] == '}')
        return fail(m_pos, QStringLiteral("trailing comma in object"));
    if (m_pos >= m_size || m_data[m_pos] != '"')
        return fail(m_pos, QStringLiteral("expected a string key in object"));
    const qsizetype start = ++m_pos;
    qsizetype end = 0;
    bool escapes = false;
    if (!scanString(end, escapes))
        return false;
    if (escapes) {
        m_keyBuffer = decodeJsonStringUtf8(QByteArrayView(m_data + start, end - start));
        key = m_keyBuffer;
    } else {
        key = QByteArrayView(m_data + start, end - start);
    }
    skipWhitespace();
    if (m_pos >= m_size || m_data[m_pos] != ':')
        return fail(m_pos, QStringLiteral("expected ':' after object key"));
    ++m_pos;
    skipWhitespace();
    return true;
}

bool JsonReader::nextElement() {
    bool closed = false;
    const bool wasFirst = m_justOpened;
    if (!expectSeparator(']', closed) || closed)
        return false;
    if (!wasFirst && m_pos < m_size && m_data[m_pos] == ']')
        return fail(m_pos, QStringLiteral("trailing comma in array"));
    return true;
}

bool JsonReader::validateUtf8(qsizetype &pos) {
    const auto *s = reinterpret_cast<const uchar *>(m_data);
    const uchar lead = s[pos];
    int length = 0;
    uint cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
    } else {
        return fail(pos, QStringLiteral("invalid UTF-8 in string"));
    }
    if (pos + length > m_size)
        return fail(pos, QStringLiteral("truncated UTF-8 sequence"));
    for (int i = 1; i < length; ++i) {
        const uchar c = s[pos + i];
        if ((c & 0xC0) != 0x80)
            return fail(pos, QStringLiteral("invalid UTF-8 in string"));
        cp = (cp << 6) | (c & 0x3F);
    }
    if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return fail(pos, QStringLiteral("invalid UTF-8 in string"));
    pos += length;
    return true;
}

// m_pos is just after the opening quote; leaves it after the closing one.
bool JsonReader::scanString(qsizetype &contentEnd, bool &hasEscapes) {
    const auto *s = reinterpret_cast<const uchar *>(m_data);
    qsizetype pos = m_pos;
    hasEscapes = false;
    for (;;) {
        while (pos + 8 <= m_size) {
            quint64 word;
            std::memcpy(&word, s + pos, 8);
            if (wordHasSpecial(word))
                break;
            pos += 8;
        }
        while (pos < m_size && !stringSpecial[s[pos]])
            ++pos;
        if (pos >= m_size) {
            m_pos = pos;
            return fail(pos, QStringLiteral("unterminated string"));
        }
        const uchar c = s[pos];
        if (c == '"') {
            contentEnd = pos;
            m_pos = pos + 1;
            m_justOpened = false;
            return true;
        }
        if (c == '\\') {
            hasEscapes = true;
            if (pos + 1 >= m_size)
                return fail(pos, QStringLiteral("unterminated string"));
            const char e = char(s[pos + 1]);
            if (e == 'u') {
                if (pos + 6 > m_size)
                    return fail(pos, QStringLiteral("invalid \\u escape"));
                for (int i = 2; i < 6; ++i) {
                    if (hexValue(char(s[pos + i])) < 0)
                        return fail(pos, QStringLiteral("invalid \\u escape"));
                }
                pos += 6;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                       e == 'r' || e == 't') {
                pos += 2;
            } else {
                return fail(pos, QStringLiteral("invalid escape in string"));
            }
            continue;
        }
        if (c < 0x20)
            return fail(pos, QStringLiteral("control character in string"));
        if (!validateUtf8(pos))
            return false;
    }
}

bool JsonReader::scanNumber(bool &isInteger) {
    qsizetype pos = m_pos;
    const auto digit = [&](qsizetype p) {
        return p < m_size && m_data[p] >= '0' && m_data[p] <= '9';
    };
    isInteger = true;
    if (pos < m_size && m_data[pos] == '-')
        ++pos;
    if (!digit(pos))
        return fail(pos, QStringLiteral("invalid number"));
    if (m_data[pos] == '0') {
        ++pos;
        if (digit(pos))
            return fail(pos, QStringLiteral("invalid number (leading zero)"));
    } else {
        while (digit(pos))
            ++pos;
    }
    if (pos < m_size && m_data[pos] == '.') {
        isInteger = false;
        ++pos;
        if (!digit(pos))
            return fail(pos, QStringLiteral("invalid number"));
        while (digit(pos))
            ++pos;
    }
    if (pos < m_size && (m_data[pos] == 'e' || m_data[pos] == 'E')) {
        isInteger = false;
        ++pos;
        if (pos < m_size && (m_data[pos] == '+' || m_data[pos] == '-'))
            ++pos;
        if (!digit(pos))
            return fail(pos, QStringLiteral("invalid number"));
        while (digit(pos))
            ++pos;
    }
    m_pos = pos;
    m_justOpened = false;
    return true;
}

bool JsonReader::scanLiteral(const char *literal, qsizetype length) {
    if (m_pos + length > m_size || std::memcmp(m_data + m_pos, literal, size_t(length)) != 0)
        return fail(m_pos, QStringLiteral("invalid literal"));
    m_pos += length;
    m_justOpened = false;
    return true;
}

bool JsonReader::readString(QString &out) {
    if (peek() != Kind::String)
        return fail(m_pos, QStringLiteral("expected a string"));
    const qsizetype start = ++m_pos;
    qsizetype end = 0;
    bool escapes = false;
    if (!scanString(end, escapes))
        return false;
    const QByteArrayView content(m_data + start, end - start);
    out = escapes ? decodeJsonString(content) : QString::fromUtf8(content);
    return true;
}

bool JsonReader::readInteger(qint64 &out) {
    if (peek() != Kind::Number)
        return fail(m_pos, QStringLiteral("expected a number"));
    const qsizetype start = m_pos;
    bool isInteger = false;
    if (!scanNumber(isInteger))
        return false;
    bool ok = false;
    out = QByteArrayView(m_data + start, m_pos - start).toLongLong(&ok);
    if (!isInteger || !ok)
        return fail(start, QStringLiteral("expected an integer"));
    return true;
}

// Iterative so that deeply nested input cannot exhaust the stack; the explicit
// stack also bounds nesting.
bool JsonReader::skipValue() {
    if (failed())
        return false;
    m_stack.clear();
    for (;;) {
        skipWhitespace();
        if (m_pos >= m_size)
            return fail(m_pos, QStringLiteral("unexpected end of data"));
        // Parse one value at m_pos.
        const char c = m_data[m_pos];
        bool opened = false;
        switch (c) {
        case '{':
        case '[':
            if (int(m_stack.size()) >= maxDepth)
                return fail(m_pos, QStringLiteral("nesting too deep"));
            m_stack.push_back(c == '{' ? '}' : ']');
            ++m_pos;
            m_justOpened = true;
            opened = true;
            break;
        case '"': {
            ++m_pos;
            qsizetype end = 0;
            bool escapes = false;
            if (!scanString(end, escapes))
                return false;
            break;
        }
        case 't':
            if (!scanLiteral("true", 4))
                return false;
            break;
        case 'f':
            if (!scanLiteral("false", 5))
                return false;
            break;
        case 'n':
            if (!scanLiteral("null", 4))
                return false;
            break;
        default: {
            if (c != '-' && (c < '0' || c > '9'))
                return fail(m_pos, QStringLiteral("unexpected character '%1'")
                                       .arg(c >= 0x20 && c < 0x7f
                                                ? QString(QChar::fromLatin1(c))
                                                : QStringLiteral("\\x%1").arg(uchar(c), 2, 16,
                                                                              QLatin1Char('0'))));
            bool isInteger = false;
            if (!scanNumber(isInteger))
                return false;
        }
        }
        // Then: close finished containers, or position at the next value.
        for (;;) {
            if (m_stack.empty())
                return true;
            const char close = m_stack.back();
            const bool first = opened;
            opened = false;
            bool closed = false;
            if (!expectSeparator(close, closed))
                return false;
            if (closed) {
                m_stack.pop_back();
                continue;
            }
            if (m_pos < m_size && m_data[m_pos] == close && !first)
                return fail(m_pos, close == '}' ? QStringLiteral("trailing comma in object")
                                                : QStringLiteral("trailing comma in array"));
            if (close == '}') {
                if (m_pos >= m_size || m_data[m_pos] != '"')
                    return fail(m_pos, QStringLiteral("expected a string key in object"));
                ++m_pos;
                qsizetype end = 0;
                bool escapes = false;
                if (!scanString(end, escapes))
                    return false;
                skipWhitespace();
                if (m_pos >= m_size || m_data[m_pos] != ':')
                    return fail(m_pos, QStringLiteral("expected ':' after object key"));
                ++m_pos;
            }
            break;
        }
    }
}

QByteArray decodeJsonStringUtf8(QByteArrayView content) {
    QByteArray out;
    out.reserve(content.size());
    const char *s = content.data();
    const qsizetype n = content.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = s[i];
        if (c != '\\' || i + 1 >= n) {
            out.append(c);
            continue;
        }
        const char e = s[++i];
        switch (e) {
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            // The reader validated the content: four hex digits follow.
            if (i + 4 >= n)
                break;
            uint cp = 0;
            for (int k = 1; k <= 4; ++k)
                cp = (cp << 4) | uint(hexValue(s[i + k]));
            i += 4;
            // A surrogate pair spells one code point; a lone surrogate becomes
            // U+FFFD rather than invalid UTF-8.
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && s[i + 1] == '\\' && s[i + 2] == 'u') {
                uint low = 0;
                for (int k = 3; k <= 6; ++k)
                    low = (low << 4) | uint(hexValue(s[i + k]));
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD;
            appendUtf8(out, cp);
            break;
        }
        default:
            out.append(e);
            break;
        }
    }
    return out;
}

QString decodeJsonString(QByteArrayView content) {
    return QString::fromUtf8(decodeJsonStringUtf8(content));
}

} // namespace medpull
