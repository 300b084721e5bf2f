/* The condition language of form definitions: a lexer, a recursive-descent
 * parser building a flat node array, and a tree-walking evaluator.
 *
 * Why the shapes below:
 * - Nodes live in one array linked by indices, so a failed compile frees
 *   everything at once and realloc never leaves dangling pointers.
 * - Runs of the same binary operator (a + b - c, x && y && z) become one
 *   node with a list of members instead of a left-leaning tree, so even a
 *   4096-byte chain evaluates in a loop; recursion depth is then bounded by
 *   EXPR_MAX_DEPTH times the number of precedence levels.
 * - Numbers are int64 hundredths everywhere; products and quotients go
 *   through a 128-bit intermediate so 90000000000000000 / 2 works exactly. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"

enum node_kind {
	N_NUM, N_STR, N_BOOL, N_NULL, N_IDENT,
	N_NOT, N_NEG, N_OR, N_AND, N_CMP, N_IN, N_ARITH
};

enum tok_kind {
	T_EOF, T_NUM, T_STR, T_IDENT, T_TRUE, T_FALSE, T_NULL, T_IN,
	T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA,
	T_OR, T_AND, T_NOT, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT
};

typedef struct {
	unsigned char kind;
	unsigned char op;   /* comparison token of N_CMP */
	unsigned char link; /* operator joining an N_ARITH member to the running value */
	int col;
	int64_t num;
	size_t str;         /* pool offset for N_STR and N_IDENT */
	int a, b;           /* children; -1 when absent */
	int next;           /* next member of an N_OR/N_AND/N_ARITH/N_IN list */
} node;

struct expr {
	node *nodes;
	int nnodes, cap;
	char *pool;
	size_t plen, pcap;
	int root;
};

typedef struct {
	int kind;
	size_t pos, len;
	int64_t num;
	size_t str;
} token;

typedef struct {
	const char *text;
	size_t pos;
	expr *e;
	token tok;
	int depth;
	int failed;
	char *err;
	size_t errlen;
	/* Cached column of colpos: error and node columns are asked for in
	 * mostly increasing order, so counting from here keeps compile linear. */
	size_t colpos;
	int col;
} parser;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

const char *expr_type_name(expr_type t)
{
	switch (t) {
	case EXPR_NULL: return "null";
	case EXPR_BOOL: return "bool";
	case EXPR_NUM: return "number";
	case EXPR_STR: return "string";
	}
	return "invalid";
}

/* ---- characters ---------------------------------------------------- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_alnum(int c) { return is_alpha(c) || is_digit(c); }
static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Length of the valid UTF-8 sequence at s, 0 when invalid; overlongs,
 * surrogates and code points past U+10FFFF are invalid. Never reads past a
 * NUL because NUL is not a continuation byte. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return is_cont(s[1]) ? 2 : 0;
	if (c == 0xE0)
		return s[1] >= 0xA0 && s[1] <= 0xBF && is_cont(s[2]) ? 3 : 0;
	if (c == 0xED)
		return s[1] >= 0x80 && s[1] <= 0x9F && is_cont(s[2]) ? 3 : 0;
	if (c >= 0xE1 && c <= 0xEF)
		return is_cont(s[1]) && is_cont(s[2]) ? 3 : 0;
	if (c == 0xF0)
		return s[1] >= 0x90 && s[1] <= 0xBF && is_cont(s[2]) && is_cont(s[3]) ? 4 : 0;
	if (c >= 0xF1 && c <= 0xF3)
		return is_cont(s[1]) && is_cont(s[2]) && is_cont(s[3]) ? 4 : 0;
	if (c == 0xF4)
		return s[1] >= 0x80 && s[1] <= 0x8F && is_cont(s[2]) && is_cont(s[3]) ? 4 : 0;
	return 0;
}

/* ---- fixed-point arithmetic ---------------------------------------- */

static void umul128(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32;
	uint64_t b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);

	*lo = (mid << 32) | (p00 & 0xFFFFFFFFu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* Bit-serial long division: slow only in the abstract, it runs 64 steps,
 * and it keeps the code free of compiler-specific 128-bit types. */
static int udiv128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *q)
{
	uint64_t r = hi, quo = 0;
	int i;

	if (hi >= d)
		return -1;
	for (i = 63; i >= 0; i--) {
		uint64_t carry = r >> 63;

		r = (r << 1) | ((lo >> i) & 1);
		quo <<= 1;
		/* With carry the true remainder exceeds 2^64 > d; unsigned
		 * wrap-around still yields the right difference. */
		if (carry || r >= d) {
			r -= d;
			quo |= 1;
		}
	}
	*q = quo;
	return 0;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* a * b / d truncated toward zero, as C division does; -1 on overflow.
 * d must not be zero. */
static int muldiv(int64_t a, int64_t b, int64_t d, int64_t *out)
{
	int neg = (a < 0) ^ (b < 0) ^ (d < 0);
	uint64_t hi, lo, q;

	umul128(magnitude(a), magnitude(b), &hi, &lo);
	if (udiv128(hi, lo, magnitude(d), &q) < 0)
		return -1;
	if (neg) {
		if (q > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = q == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)q;
	} else {
		if (q > (uint64_t)INT64_MAX)
			return -1;
		*out = (int64_t)q;
	}
	return 0;
}

enum scan_result { SCAN_OK, SCAN_JUNK, SCAN_FRAC, SCAN_DECIMALS, SCAN_RANGE };

/* Reads digits[.d[d]] at s into hundredths. Shared by the lexer and
 * expr_parse_money so a literal and a money field can never disagree. */
static int scan_decimal(const char *s, int negative, size_t *used, int64_t *out)
{
	uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t whole = 0, frac = 0, mag;
	size_t i = 0, nfrac = 0;

	if (!is_digit(s[0]))
		return SCAN_JUNK;
	for (; is_digit(s[i]); i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (whole > (limit - d) / 10)
			return SCAN_RANGE;
		whole = whole * 10 + d;
	}
	if (s[i] == '.') {
		i++;
		if (!is_digit(s[i]))
			return SCAN_FRAC;
		for (; is_digit(s[i]); i++, nfrac++) {
			if (nfrac == 2)
				return SCAN_DECIMALS;
			frac = frac * 10 + (unsigned)(s[i] - '0');
		}
		if (nfrac == 1)
			frac *= 10;
	}
	if (whole > (limit - frac) / 100)
		return SCAN_RANGE;
	mag = whole * 100 + frac;
	*used = i;
	if (!negative)
		*out = (int64_t)mag;
	else
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	return SCAN_OK;
}

int expr_parse_money(const char *text, int64_t *cents)
{
	int negative = 0;
	size_t used;
	int64_t v;

	if (!text || !cents)
		return -1;
	if (*text == '-') {
		negative = 1;
		text++;
	}
	if (scan_decimal(text, negative, &used, &v) != SCAN_OK || text[used])
		return -1;
	*cents = v;
	return 0;
}

char *expr_format_money(int64_t cents, char *buf, size_t len)
{
	uint64_t m = magnitude(cents);

	if (!buf || !len)
		return buf;
	snprintf(buf, len, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "",
		 m / 100, (unsigned)(m % 100));
	return buf;
}

/* ---- storage ------------------------------------------------------- */

static void expr_release(expr *e)
{
	free(e->nodes);
	free(e->pool);
	free(e);
}

void expr_free(expr *e)
{
	if (e)
		expr_release(e);
}

static void fail(parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int column_at(parser *p, size_t pos)
{
	if (pos < p->colpos) {
		p->colpos = 0;
		p->col = 1;
	}
	for (; p->colpos < pos && p->text[p->colpos]; p->colpos++)
		if (!is_cont((unsigned char)p->text[p->colpos]))
			p->col++;
	return p->col;
}

static void fail(parser *p, size_t pos, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	set_err(p->err, p->errlen, "column %d: %s", column_at(p, pos), why);
}

static int pool_add(parser *p, const char *s, size_t n)
{
	expr *e = p->e;

	if (e->pcap - e->plen < n) {
		size_t cap = e->pcap ? e->pcap : 64;
		char *np;

		while (cap - e->plen < n)
			cap *= 2;
		np = realloc(e->pool, cap);
		if (!np) {
			fail(p, p->tok.pos, "out of memory");
			return -1;
		}
		e->pool = np;
		e->pcap = cap;
	}
	memcpy(e->pool + e->plen, s, n);
	e->plen += n;
	return 0;
}

static int new_node(parser *p, int kind, size_t pos)
{
	expr *e = p->e;
	node *n;

	if (e->nnodes == e->cap) {
		int cap = e->cap ? e->cap * 2 : 16;
		node *nn = realloc(e->nodes, (size_t)cap * sizeof *nn);

		if (!nn) {
			fail(p, pos, "out of memory");
			return -1;
		}
		e->nodes = nn;
		e->cap = cap;
	}
	n = &e->nodes[e->nnodes];
	memset(n, 0, sizeof *n);
	n->kind = (unsigned char)kind;
	n->col = column_at(p, pos);
	n->a = n->b = n->next = -1;
	return e->nnodes++;
}

/* ---- lexer --------------------------------------------------------- */

static int lex_string(parser *p, size_t start)
{
	const char *t = p->text;
	size_t i = start + 1;

	p->tok.str = p->e->plen;
	for (;;) {
		unsigned char c = (unsigned char)t[i];
		size_t n;

		if (c == '\0') {
			fail(p, start, "unterminated string");
			return -1;
		}
		if (c == '"') {
			i++;
			break;
		}
		if (c == '\\') {
			char out;

			switch (t[i + 1]) {
			case '"': out = '"'; break;
			case '\\': out = '\\'; break;
			case 'n': out = '\n'; break;
			case '\0':
				fail(p, start, "unterminated string");
				return -1;
			default:
				fail(p, i, "unknown escape (only \\\" \\\\ \\n)");
				return -1;
			}
			if (pool_add(p, &out, 1) < 0)
				return -1;
			i += 2;
			continue;
		}
		n = utf8_seq((const unsigned char *)t + i);
		if (!n) {
			fail(p, i, "invalid UTF-8 in string");
			return -1;
		}
		if (pool_add(p, t + i, n) < 0)
			return -1;
		i += n;
	}
	if (pool_add(p, "", 1) < 0)
		return -1;
	p->tok.kind = T_STR;
	p->tok.len = i - start;
	return 0;
}

static int lex_name(parser *p, size_t start)
{
	const char *t = p->text;
	size_t i = start;

	for (;;) {
		while (is_alnum((unsigned char)t[i]))
			i++;
		if (t[i] != '.')
			break;
		if (!is_alpha((unsigned char)t[i + 1])) {
			fail(p, i, "expected a name after '.'");
			return -1;
		}
		i++;
	}
	p->tok.len = i - start;
	p->tok.kind = T_IDENT;
	if (p->tok.len == 4 && !memcmp(t + start, "true", 4))
		p->tok.kind = T_TRUE;
	else if (p->tok.len == 5 && !memcmp(t + start, "false", 5))
		p->tok.kind = T_FALSE;
	else if (p->tok.len == 4 && !memcmp(t + start, "null", 4))
		p->tok.kind = T_NULL;
	else if (p->tok.len == 2 && !memcmp(t + start, "in", 2))
		p->tok.kind = T_IN;
	if (p->tok.kind == T_IDENT) {
		p->tok.str = p->e->plen;
		if (pool_add(p, t + start, p->tok.len) < 0 || pool_add(p, "", 1) < 0)
			return -1;
	}
	return 0;
}

static int lex_number(parser *p, size_t start)
{
	size_t used = 0;

	switch (scan_decimal(p->text + start, 0, &used, &p->tok.num)) {
	case SCAN_OK:
		break;
	case SCAN_FRAC:
		fail(p, start, "expected digits after '.'");
		return -1;
	case SCAN_DECIMALS:
		fail(p, start, "more than 2 decimal places");
		return -1;
	case SCAN_RANGE:
		fail(p, start, "number too large");
		return -1;
	default:
		fail(p, start, "invalid number");
		return -1;
	}
	/* "12abc" or "1.2.3" is a typo, not a number followed by a name. */
	if (is_alnum((unsigned char)p->text[start + used]) || p->text[start + used] == '.') {
		fail(p, start, "invalid number");
		return -1;
	}
	p->tok.kind = T_NUM;
	p->tok.len = used;
	return 0;
}

static int advance(parser *p)
{
	const char *t = p->text;
	size_t i = p->pos;
	int k;

	if (p->failed)
		return -1;
	while (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
		i++;
	p->tok.pos = i;
	p->tok.len = 1;
	switch (t[i]) {
	case '\0': k = T_EOF; p->tok.len = 0; break;
	case '(': k = T_LPAREN; break;
	case ')': k = T_RPAREN; break;
	case '[': k = T_LBRACK; break;
	case ']': k = T_RBRACK; break;
	case ',': k = T_COMMA; break;
	case '+': k = T_PLUS; break;
	case '-': k = T_MINUS; break;
	case '*': k = T_STAR; break;
	case '/': k = T_SLASH; break;
	case '%': k = T_PERCENT; break;
	case '<':
		k = T_LT;
		if (t[i + 1] == '=') {
			k = T_LE;
			p->tok.len = 2;
		}
		break;
	case '>':
		k = T_GT;
		if (t[i + 1] == '=') {
			k = T_GE;
			p->tok.len = 2;
		}
		break;
	case '!':
		k = T_NOT;
		if (t[i + 1] == '=') {
			k = T_NE;
			p->tok.len = 2;
		}
		break;
	case '=':
		if (t[i + 1] != '=') {
			fail(p, i, "'=' is not an operator; compare with '=='");
			return -1;
		}
		k = T_EQ;
		p->tok.len = 2;
		break;
	case '&':
	case '|':
		if (t[i + 1] != t[i]) {
			fail(p, i, "'%c' is not an operator; use '%c%c'", t[i], t[i], t[i]);
			return -1;
		}
		k = t[i] == '&' ? T_AND : T_OR;
		p->tok.len = 2;
		break;
	case '"':
		if (lex_string(p, i) < 0)
			return -1;
		p->pos = i + p->tok.len;
		return 0;
	default:
		if (is_digit((unsigned char)t[i])) {
			if (lex_number(p, i) < 0)
				return -1;
		} else if (is_alpha((unsigned char)t[i])) {
			if (lex_name(p, i) < 0)
				return -1;
		} else {
			size_t n = utf8_seq((const unsigned char *)t + i);

			if (n > 1)
				fail(p, i, "unexpected character '%.*s' (names use ASCII letters, digits, _ and .)",
				     (int)n, t + i);
			else if ((unsigned char)t[i] > 0x20 && (unsigned char)t[i] < 0x7F)
				fail(p, i, "unexpected character '%c'", t[i]);
			else
				fail(p, i, "unexpected byte 0x%02X", (unsigned char)t[i]);
			return -1;
		}
		p->pos = i + p->tok.len;
		return 0;
	}
	p->tok.kind = k;
	p->pos = i + p->tok.len;
	return 0;
}

/* ---- parser -------------------------------------------------------- */

static int unexpected(parser *p)
{
	token *t = &p->tok;

	if (t->kind == T_EOF)
		fail(p, t->pos, "unexpected end of expression");
	else if (t->kind == T_NUM)
		fail(p, t->pos, "unexpected number");
	else if (t->kind == T_STR)
		fail(p, t->pos, "unexpected string");
	else if (t->kind == T_IDENT)
		fail(p, t->pos, "unexpected name '%.*s'",
		     (int)(t->len > 40 ? 40 : t->len), p->text + t->pos);
	else
		fail(p, t->pos, "unexpected '%.*s'", (int)t->len, p->text + t->pos);
	return -1;
}

static int enter(parser *p)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, p->tok.pos, "nesting deeper than %d", EXPR_MAX_DEPTH);
		return -1;
	}
	return 0;
}

static int parse_or(parser *p);

static int parse_primary(parser *p)
{
	token t = p->tok;
	int n, inner;

	switch (t.kind) {
	case T_NUM:
	case T_STR:
	case T_IDENT:
		n = new_node(p, t.kind == T_NUM ? N_NUM : t.kind == T_STR ? N_STR : N_IDENT, t.pos);
		if (n < 0)
			return -1;
		p->e->nodes[n].num = t.num;
		p->e->nodes[n].str = t.str;
		return advance(p) < 0 ? -1 : n;
	case T_TRUE:
	case T_FALSE:
	case T_NULL:
		n = new_node(p, t.kind == T_NULL ? N_NULL : N_BOOL, t.pos);
		if (n < 0)
			return -1;
		p->e->nodes[n].num = t.kind == T_TRUE;
		return advance(p) < 0 ? -1 : n;
	case T_LPAREN:
		if (enter(p) < 0 || advance(p) < 0)
			return -1;
		inner = parse_or(p);
		if (inner < 0)
			return -1;
		if (p->tok.kind != T_RPAREN) {
			if (p->tok.kind == T_EOF)
				fail(p, p->tok.pos, "missing ')' for '(' at column %d",
				     column_at(p, t.pos));
			else
				fail(p, p->tok.pos, "expected ')' for '(' at column %d",
				     column_at(p, t.pos));
			return -1;
		}
		p->depth--;
		return advance(p) < 0 ? -1 : inner;
	case T_LBRACK:
		fail(p, t.pos, "a list [...] is only allowed after 'in'");
		return -1;
	default:
		return unexpected(p);
	}
}

static int parse_neg(parser *p)
{
	size_t pos = p->tok.pos;
	int operand, n;

	if (p->tok.kind != T_MINUS)
		return parse_primary(p);
	if (enter(p) < 0 || advance(p) < 0)
		return -1;
	operand = parse_neg(p);
	if (operand < 0)
		return -1;
	p->depth--;
	n = new_node(p, N_NEG, pos);
	if (n < 0)
		return -1;
	p->e->nodes[n].a = operand;
	return n;
}

/* One precedence level of left-associative operators, collected into a
 * single list node (see the top of the file for why). */
static int parse_chain(parser *p, int kind, int (*sub)(parser *),
		       int op1, int op2, int op3)
{
	int head, chain, tail;

	head = sub(p);
	if (head < 0)
		return -1;
	if (p->tok.kind != op1 && p->tok.kind != op2 && p->tok.kind != op3)
		return head;
	chain = new_node(p, kind, p->tok.pos);
	if (chain < 0)
		return -1;
	p->e->nodes[chain].a = head;
	tail = head;
	while (p->tok.kind == op1 || p->tok.kind == op2 || p->tok.kind == op3) {
		int op = p->tok.kind, n;

		if (advance(p) < 0)
			return -1;
		n = sub(p);
		if (n < 0)
			return -1;
		p->e->nodes[n].link = (unsigned char)op;
		p->e->nodes[tail].next = n;
		tail = n;
	}
	return chain;
}

static int parse_mul(parser *p)
{
	return parse_chain(p, N_ARITH, parse_neg, T_STAR, T_SLASH, T_PERCENT);
}

static int parse_add(parser *p)
{
	return parse_chain(p, N_ARITH, parse_mul, T_PLUS, T_MINUS, T_PLUS);
}

static int is_cmp(int k)
{
	return k == T_EQ || k == T_NE || k == T_LT || k == T_LE ||
	       k == T_GT || k == T_GE || k == T_IN;
}

static int parse_list(parser *p, int in)
{
	size_t open = p->tok.pos;
	int tail = -1;

	if (p->tok.kind != T_LBRACK) {
		fail(p, p->tok.pos, "expected a list [...] after 'in'");
		return -1;
	}
	if (enter(p) < 0 || advance(p) < 0)
		return -1;
	if (p->tok.kind != T_RBRACK) {
		for (;;) {
			int item = parse_or(p);

			if (item < 0)
				return -1;
			if (tail < 0)
				p->e->nodes[in].b = item;
			else
				p->e->nodes[tail].next = item;
			tail = item;
			if (p->tok.kind == T_RBRACK)
				break;
			if (p->tok.kind == T_EOF) {
				fail(p, p->tok.pos, "missing ']' for '[' at column %d",
				     column_at(p, open));
				return -1;
			}
			if (p->tok.kind != T_COMMA) {
				fail(p, p->tok.pos, "expected ',' or ']' in list");
				return -1;
			}
			if (advance(p) < 0)
				return -1;
		}
	}
	p->depth--;
	return advance(p);
}

static int parse_cmp(parser *p)
{
	int left, right, n, op;
	size_t pos;

	left = parse_add(p);
	if (left < 0 || !is_cmp(p->tok.kind))
		return left;
	op = p->tok.kind;
	pos = p->tok.pos;
	if (advance(p) < 0)
		return -1;
	n = new_node(p, op == T_IN ? N_IN : N_CMP, pos);
	if (n < 0)
		return -1;
	p->e->nodes[n].a = left;
	p->e->nodes[n].op = (unsigned char)op;
	if (op == T_IN) {
		if (parse_list(p, n) < 0)
			return -1;
	} else {
		right = parse_add(p);
		if (right < 0)
			return -1;
		p->e->nodes[n].b = right;
	}
	/* a < b < c would compare a bool with a number at run time; say so
	 * while the author is still looking at the form. */
	if (is_cmp(p->tok.kind)) {
		fail(p, p->tok.pos, "comparisons cannot be chained; use && or parentheses");
		return -1;
	}
	return n;
}

static int parse_not(parser *p)
{
	size_t pos = p->tok.pos;
	int operand, n;

	if (p->tok.kind != T_NOT)
		return parse_cmp(p);
	if (enter(p) < 0 || advance(p) < 0)
		return -1;
	operand = parse_not(p);
	if (operand < 0)
		return -1;
	p->depth--;
	n = new_node(p, N_NOT, pos);
	if (n < 0)
		return -1;
	p->e->nodes[n].a = operand;
	return n;
}

static int parse_and(parser *p)
{
	return parse_chain(p, N_AND, parse_not, T_AND, T_AND, T_AND);
}

static int parse_or(parser *p)
{
	return parse_chain(p, N_OR, parse_and, T_OR, T_OR, T_OR);
}

expr *expr_compile(const char *text, char *err, size_t errlen)
{
	parser p;
	size_t len;

	memset(&p, 0, sizeof p);
	p.text = text ? text : "";
	p.err = err;
	p.errlen = errlen;
	p.col = 1;
	set_err(err, errlen, "%s", "");
	/* Bounded scan: a hostile caller may hand over megabytes. */
	for (len = 0; len <= EXPR_MAX_TEXT && p.text[len]; len++)
		;
	if (len > EXPR_MAX_TEXT) {
		fail(&p, EXPR_MAX_TEXT, "expression longer than %d bytes", EXPR_MAX_TEXT);
		return NULL;
	}
	p.e = calloc(1, sizeof *p.e);
	if (!p.e) {
		set_err(err, errlen, "column 1: out of memory");
		return NULL;
	}
	if (advance(&p) < 0)
		goto failed;
	if (p.tok.kind == T_EOF) {
		fail(&p, p.tok.pos, "empty expression");
		goto failed;
	}
	p.e->root = parse_or(&p);
	if (p.e->root < 0)
		goto failed;
	if (p.tok.kind != T_EOF) {
		if (p.tok.kind == T_RPAREN)
			fail(&p, p.tok.pos, "')' without matching '('");
		else
			unexpected(&p);
		goto failed;
	}
	return p.e;
failed:
	expr_release(p.e);
	return NULL;
}

/* ---- evaluator ----------------------------------------------------- */

typedef struct {
	const expr *e;
	expr_lookup_fn lookup;
	void *ctx;
	char *err;
	size_t errlen;
} evalctx;

static int ev(evalctx *c, int i, expr_value *out);

static int values_equal(const expr_value *a, const expr_value *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case EXPR_NULL:
		return 1;
	case EXPR_STR:
		return strcmp(a->str, b->str) == 0;
	default:
		return a->num == b->num;
	}
}

static int ev_ident(evalctx *c, const node *n, expr_value *out)
{
	const char *name = c->e->pool + n->str;
	expr_value v;

	memset(&v, 0, sizeof v);
	if (!c->lookup || !c->lookup(c->ctx, name, &v)) {
		out->type = EXPR_NULL;
		out->num = 0;
		out->str = NULL;
		return 0;
	}
	/* The callback is outside our control; a bad answer must become an
	 * error here, not a NULL dereference in strcmp later. */
	switch (v.type) {
	case EXPR_NULL:
		v.num = 0;
		v.str = NULL;
		break;
	case EXPR_BOOL:
		v.num = v.num != 0;
		break;
	case EXPR_NUM:
		break;
	case EXPR_STR:
		if (v.str)
			break;
		/* fall through */
	default:
		set_err(c->err, c->errlen, "lookup of '%s' returned an invalid value", name);
		return -1;
	}
	*out = v;
	return 0;
}

static int ev_truth(evalctx *c, int i, const char *op, int *truth)
{
	expr_value v;

	if (ev(c, i, &v) < 0)
		return -1;
	if (v.type == EXPR_NULL) {
		*truth = 0;
		return 0;
	}
	if (v.type != EXPR_BOOL) {
		set_err(c->err, c->errlen, "'%s' needs true/false, not a %s", op,
			expr_type_name(v.type));
		return -1;
	}
	*truth = (int)v.num;
	return 0;
}

static int ev_logic(evalctx *c, const node *n, expr_value *out)
{
	/* && stops at the first false, || at the first true. */
	int stop_at = n->kind == N_OR;
	const char *op = stop_at ? "||" : "&&";
	int i, truth = 0;

	for (i = n->a; i >= 0; i = c->e->nodes[i].next) {
		if (ev_truth(c, i, op, &truth) < 0)
			return -1;
		if (truth == stop_at)
			break;
	}
	/* Either the stopping value or, after a full run, the last one. */
	out->type = EXPR_BOOL;
	out->num = truth;
	out->str = NULL;
	return 0;
}

static const char *op_text(int op)
{
	switch (op) {
	case T_PLUS: return "+";
	case T_MINUS: return "-";
	case T_STAR: return "*";
	case T_SLASH: return "/";
	case T_PERCENT: return "%";
	case T_LT: return "<";
	case T_LE: return "<=";
	case T_GT: return ">";
	case T_GE: return ">=";
	}
	return "?";
}

static int ev_cmp(evalctx *c, const node *n, expr_value *out)
{
	expr_value a, b;
	int r;

	if (ev(c, n->a, &a) < 0 || ev(c, n->b, &b) < 0)
		return -1;
	out->type = EXPR_BOOL;
	out->str = NULL;
	if (n->op == T_EQ || n->op == T_NE) {
		r = values_equal(&a, &b);
		out->num = n->op == T_EQ ? r : !r;
		return 0;
	}
	if (a.type != b.type) {
		set_err(c->err, c->errlen, "cannot compare %s with %s",
			expr_type_name(a.type), expr_type_name(b.type));
		return -1;
	}
	if (a.type == EXPR_NUM) {
		r = (a.num > b.num) - (a.num < b.num);
	} else if (a.type == EXPR_STR) {
		r = strcmp(a.str, b.str);
	} else {
		set_err(c->err, c->errlen, "'%s' cannot order %s values",
			op_text(n->op), expr_type_name(a.type));
		return -1;
	}
	switch (n->op) {
	case T_LT: out->num = r < 0; break;
	case T_LE: out->num = r <= 0; break;
	case T_GT: out->num = r > 0; break;
	default: out->num = r >= 0; break;
	}
	return 0;
}

static int ev_in(evalctx *c, const node *n, expr_value *out)
{
	expr_value needle, item;
	int i;

	if (ev(c, n->a, &needle) < 0)
		return -1;
	out->type = EXPR_BOOL;
	out->num = 0;
	out->str = NULL;
	for (i = n->b; i >= 0; i = c->e->nodes[i].next) {
		if (ev(c, i, &item) < 0)
			return -1;
		if (values_equal(&needle, &item)) {
			out->num = 1;
			break;
		}
	}
	return 0;
}

static int need_num(evalctx *c, const expr_value *v, const char *op)
{
	if (v->type == EXPR_NUM)
		return 0;
	set_err(c->err, c->errlen, "'%s' needs numbers, not a %s", op,
		expr_type_name(v->type));
	return -1;
}

static int arith(evalctx *c, int op, int64_t a, int64_t b, int64_t *r)
{
	switch (op) {
	case T_PLUS:
		if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
			goto overflow;
		*r = a + b;
		return 0;
	case T_MINUS:
		if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
			goto overflow;
		*r = a - b;
		return 0;
	case T_STAR:
		/* Both sides carry a factor 100, so the product carries 100^2. */
		if (muldiv(a, b, 100, r) < 0)
			goto overflow;
		return 0;
	case T_SLASH:
		if (b == 0)
			goto divzero;
		if (muldiv(a, 100, b, r) < 0)
			goto overflow;
		return 0;
	default:
		if (b == 0)
			goto divzero;
		/* Same scale on both sides, so the remainder is already in
		 * hundredths; -1 is special only because INT64_MIN % -1 traps. */
		*r = b == -1 ? 0 : a % b;
		return 0;
	}
overflow:
	set_err(c->err, c->errlen, "number overflow in '%s'", op_text(op));
	return -1;
divzero:
	set_err(c->err, c->errlen, "division by zero");
	return -1;
}

static int ev_arith(evalctx *c, const node *n, expr_value *out)
{
	expr_value v;
	int64_t acc;
	int i;

	i = n->a;
	if (ev(c, i, &v) < 0)
		return -1;
	if (need_num(c, &v, op_text(c->e->nodes[c->e->nodes[i].next].link)) < 0)
		return -1;
	acc = v.num;
	for (i = c->e->nodes[i].next; i >= 0; i = c->e->nodes[i].next) {
		int op = c->e->nodes[i].link;

		if (ev(c, i, &v) < 0 || need_num(c, &v, op_text(op)) < 0)
			return -1;
		if (arith(c, op, acc, v.num, &acc) < 0)
			return -1;
	}
	out->type = EXPR_NUM;
	out->num = acc;
	out->str = NULL;
	return 0;
}

static int ev(evalctx *c, int i, expr_value *out)
{
	const node *n = &c->e->nodes[i];
	expr_value v;
	int truth;

	out->str = NULL;
	out->num = 0;
	switch (n->kind) {
	case N_NUM:
		out->type = EXPR_NUM;
		out->num = n->num;
		return 0;
	case N_STR:
		out->type = EXPR_STR;
		out->str = c->e->pool + n->str;
		return 0;
	case N_BOOL:
		out->type = EXPR_BOOL;
		out->num = n->num;
		return 0;
	case N_NULL:
		out->type = EXPR_NULL;
		return 0;
	case N_IDENT:
		return ev_ident(c, n, out);
	case N_NOT:
		if (ev_truth(c, n->a, "!", &truth) < 0)
			return -1;
		out->type = EXPR_BOOL;
		out->num = !truth;
		return 0;
	case N_NEG:
		if (ev(c, n->a, &v) < 0 || need_num(c, &v, "-") < 0)
			return -1;
		if (v.num == INT64_MIN) {
			set_err(c->err, c->errlen, "number overflow in '-'");
			return -1;
		}
		out->type = EXPR_NUM;
		out->num = -v.num;
		return 0;
	case N_OR:
	case N_AND:
		return ev_logic(c, n, out);
	case N_CMP:
		return ev_cmp(c, n, out);
	case N_IN:
		return ev_in(c, n, out);
	case N_ARITH:
		return ev_arith(c, n, out);
	}
	set_err(c->err, c->errlen, "corrupt expression");
	return -1;
}

int expr_eval(const expr *e, expr_lookup_fn lookup, void *ctx,
	      expr_value *out, char *err, size_t errlen)
{
	evalctx c;
	expr_value v;

	set_err(err, errlen, "%s", "");
	if (!e || !out) {
		set_err(err, errlen, "no expression");
		return -1;
	}
	c.e = e;
	c.lookup = lookup;
	c.ctx = ctx;
	c.err = err;
	c.errlen = errlen;
	if (ev(&c, e->root, &v) < 0)
		return -1;
	*out = v;
	return 0;
}

int expr_test(const expr *e, expr_lookup_fn lookup, void *ctx,
	      char *err, size_t errlen)
{
	expr_value v;

	if (expr_eval(e, lookup, ctx, &v, err, errlen) < 0)
		return -1;
	if (v.type == EXPR_NULL)
		return 0;
	if (v.type != EXPR_BOOL) {
		set_err(err, errlen, "condition gives a %s, not true/false",
			expr_type_name(v.type));
		return -1;
	}
	return v.num != 0;
}

int expr_each_ident(const expr *e, int (*fn)(void *ctx, const char *name),
		    void *ctx)
{
	int i, r;

	if (!e || !fn)
		return 0;
	/* Nodes are created as the parser reads, so array order is source
	 * order. */
	for (i = 0; i < e->nnodes; i++) {
		if (e->nodes[i].kind != N_IDENT)
			continue;
		r = fn(ctx, e->pool + e->nodes[i].str);
		if (r)
			return r;
	}
	return 0;
}

int expr_check_idents(const expr *e, expr_lookup_fn lookup, void *ctx,
		      char *err, size_t errlen)
{
	int i;

	set_err(err, errlen, "%s", "");
	if (!e)
		return 0;
	for (i = 0; i < e->nnodes; i++) {
		const char *name;
		expr_value v;

		if (e->nodes[i].kind != N_IDENT)
			continue;
		name = e->pool + e->nodes[i].str; /* no pool without names: never NULL + 0 */
		memset(&v, 0, sizeof v);
		if (!lookup || !lookup(ctx, name, &v)) {
			set_err(err, errlen, "column %d: unknown field '%s'",
				e->nodes[i].col, name);
			return -1;
		}
	}
	return 0;
}
