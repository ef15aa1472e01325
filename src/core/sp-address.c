/* sp-address.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-address"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-text-private.h"

/* How much of the user's text an error message may quote. */
/* Longer input cannot be a valid domain in any form; do not feed it to IDNA. */
#define DOMAIN_INPUT_MAX 1024
#define LABEL_MAX 63

/* Ideographic, full-width and half-width full stops */
static const char * const idn_dots[] = { "\u3002", "\uff0e", "\uff61" };

G_DEFINE_QUARK (sp-address-error-quark, sp_address_error)

/* Callers have already refused control characters; the excerpt escapes
 * any anyway. */
static char *
quote (const char *text)
{
  return _sp_text_quote_excerpt (text, -1);
}

/* RFC 5321 4.1.3 IPv4-address-literal: four numbers of one to three
 * digits, each at most 255. */
static gboolean
is_ipv4_literal (const char *text)
{
  const char *p = text;
  guint part;

  for (part = 0; part < 4; part++)
    {
      guint value = 0;
      guint digits = 0;

      while (g_ascii_isdigit (*p) && digits < 4)
        {
          value = value * 10 + (guint) (*p - '0');
          digits++;
          p++;
        }
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
      if (part < 3)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }
    }

  return *p == '\0';
}

static gboolean
is_ipv6_text (const char *text)
{
  /* No zone index: "fe80::1%eth0" means nothing to a remote server. */
  return strchr (text, ':') != NULL &&
         strchr (text, '%') == NULL &&
         g_hostname_is_ip_address (text);
}

gboolean
sp_text_check_safe (const char  *text,
                    gboolean     allow_tab,
                    GError     **error)
{
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != 0x7f)
        continue;
      if (c == '\t' && allow_tab)
        continue;

      if (c == '\r')
        g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER,
                             _("The text contains a carriage return (CR), which could be used "
                               "to inject SMTP commands. Remove the line break and try again."));
      else if (c == '\n')
        g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER,
                             _("The text contains a line feed (LF), which could be used to "
                               "inject SMTP commands. Remove the line break and try again."));
      else if (c == '\t')
        g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER,
                             _("The text contains a tab character, which is not allowed here. "
                               "Replace it with a space."));
      else
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER,
                     _("The text contains the invisible control character U+%04X, which could "
                       "be used to inject SMTP commands. Remove it and try again."),
                     (guint) c);
      return FALSE;
    }

  return TRUE;
}

/* What the user typed, before it is parsed: no control character that
 * could inject a command, and valid UTF-8 (@invalid_utf8 says which text
 * is not, with @code). */
static gboolean
check_typed_text (const char      *text,
                  SpAddressError   code,
                  const char      *invalid_utf8,
                  GError         **error)
{
  if (!sp_text_check_safe (text, FALSE, error))
    return FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, code, invalid_utf8);
      return FALSE;
    }

  return TRUE;
}

/* Checks one label after conversion to ASCII. @shown is the label as the
 * user typed it, for the messages. */
static gboolean
check_ascii_label (const char  *label,
                   const char  *shown,
                   GError     **error)
{
  gsize len = strlen (label);
  const char *p;

  /* IDNA can map a whole label to nothing (U+2024 ONE DOT LEADER does),
   * and label[len - 1] below needs at least one character. */
  if (len == 0)
    {
      g_autofree char *quoted = quote (shown);

      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   _("The part “%s” of the domain is empty once converted for the DNS. "
                     "Type it with plain letters and digits."),
                   quoted);
      return FALSE;
    }

  if (len > LABEL_MAX)
    {
      g_autofree char *quoted = quote (shown);

      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %s is a part of the domain between dots, %zu its
                                 * length and %d the limit, 63. */
                                "The part “%s” of the domain is %zu character long; each part "
                                "between dots may have at most %d.",
                                "The part “%s” of the domain is %zu characters long; each part "
                                "between dots may have at most %d.",
                                len),
                   quoted, len, LABEL_MAX);
      return FALSE;
    }

  for (p = label; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        {
          g_autofree char *quoted = quote (shown);

          g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                       /* Translators: %s is a part of the domain between dots, %c the character
                        * in it that is not allowed. */
                       _("The part “%s” of the domain contains “%c”, which is not allowed in "
                         "domain names. Use only letters, digits and hyphens between the dots."),
                       quoted, *p);
          return FALSE;
        }
    }

  if (label[0] == '-' || label[len - 1] == '-')
    {
      g_autofree char *quoted = quote (shown);

      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   _("The part “%s” of the domain starts or ends with a hyphen, which is not "
                     "allowed. Remove the hyphen."),
                   quoted);
      return FALSE;
    }

  return TRUE;
}

/* The checks behind sp_domain_to_ascii(); @domain is not empty. */
static char *
domain_to_ascii (const char  *domain,
                 GError     **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) labels = NULL;
  g_autoptr(GString) ascii = NULL;
  const char *p;
  gsize len;
  guint i;

  if (!check_typed_text (domain, SP_ADDRESS_ERROR_DOMAIN,
                         _("The domain is not valid UTF-8 text. Type it again."), error))
    return NULL;

  len = strlen (domain);
  if (len > DOMAIN_INPUT_MAX)
    {
      glong n_chars = g_utf8_strlen (domain, -1);

      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %ld is the length of the domain, %d the limit,
                                 * 253. */
                                "The domain is %ld character long; the limit is %d.",
                                "The domain is %ld characters long; the limit is %d.",
                                n_chars),
                   n_chars, SP_ADDRESS_MAX_DOMAIN);
      return NULL;
    }

  /* Name the culprit among the ASCII characters before IDNA gets a chance
   * to fail with no explanation. */
  for (p = domain; *p != '\0'; p++)
    {
      g_autofree char *quoted = NULL;

      if ((guchar) *p >= 0x80 || g_ascii_isalnum (*p) || *p == '-' || *p == '.')
        continue;

      quoted = quote (domain);
      if (*p == ' ')
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                     _("The domain “%s” contains a space. Domain names have no spaces; "
                       "remove it."),
                     quoted);
      else
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                     /* Translators: %s is the domain, %c the character in it that is not
                      * allowed. */
                     _("The domain “%s” contains “%c”, which is not allowed in domain names. "
                       "Use only letters, digits, hyphens and dots."),
                     quoted, *p);
      return NULL;
    }

  /* Full stops of other scripts separate labels too (RFC 3490 3.1). */
  copy = g_strdup (domain);
  for (i = 0; i < G_N_ELEMENTS (idn_dots); i++)
    {
      char *found;

      while ((found = strstr (copy, idn_dots[i])) != NULL)
        {
          /* every one of them is three bytes long in UTF-8 */
          found[0] = '.';
          memmove (found + 1, found + 3, strlen (found + 3) + 1);
        }
    }

  /* One trailing dot marks a fully qualified name; it is not a label. */
  len = strlen (copy);
  if (len > 1 && copy[len - 1] == '.')
    copy[len - 1] = '\0';

  labels = g_strsplit (copy, ".", -1);
  ascii = g_string_new (NULL);

  for (i = 0; labels[i] != NULL; i++)
    {
      g_autofree char *label_ascii = NULL;

      if (labels[i][0] == '\0')
        {
          g_autofree char *quoted = quote (domain);

          g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                       _("The domain “%s” has an empty part: it starts with a dot or has two "
                         "dots in a row. Remove the extra dot."),
                       quoted);
          return NULL;
        }

      if (g_str_is_ascii (labels[i]))
        {
          label_ascii = g_ascii_strdown (labels[i], -1);
        }
      else
        {
          label_ascii = g_hostname_to_ascii (labels[i]);

          if (label_ascii == NULL)
            {
              g_autofree char *quoted = quote (labels[i]);

              if (g_utf8_strlen (labels[i], -1) > LABEL_MAX)
                g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                             g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: %s is a part of the domain between
                                           * dots; %d is the limit, 63, not a count of what the
                                           * user typed, so the plural form goes by it. */
                                          "The part “%s” of the domain is too long; each part "
                                          "between dots may have at most %d character in its "
                                          "ASCII form.",
                                          "The part “%s” of the domain is too long; each part "
                                          "between dots may have at most %d characters in its "
                                          "ASCII form.",
                                          LABEL_MAX),
                             quoted, LABEL_MAX);
              else
                g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                             _("The part “%s” of the domain contains characters that are not "
                               "allowed in international domain names. Check the spelling."),
                             quoted);
              return NULL;
            }

          /* IDNA mapping may turn characters into ASCII punctuation. */
          if (strchr (label_ascii, '.') != NULL)
            {
              g_autofree char *quoted = quote (labels[i]);

              g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                           _("The part “%s” of the domain contains a character that stands for "
                             "a dot. Type a plain dot instead."),
                           quoted);
              return NULL;
            }
        }

      if (!check_ascii_label (label_ascii, labels[i], error))
        {
          return NULL;
        }

      if (ascii->len > 0)
        g_string_append_c (ascii, '.');
      g_string_append (ascii, label_ascii);
    }

  if (ascii->len > SP_ADDRESS_MAX_DOMAIN)
    {
      if (g_str_is_ascii (domain))
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN_TOO_LONG,
                     g_dngettext (GETTEXT_PACKAGE,
                                  /* Translators: %zu is the length of the domain, %d the limit,
                                   * 253. */
                                  "The domain is %zu character long; the limit is %d.",
                                  "The domain is %zu characters long; the limit is %d.",
                                  ascii->len),
                     ascii->len, SP_ADDRESS_MAX_DOMAIN);
      else
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN_TOO_LONG,
                     g_dngettext (GETTEXT_PACKAGE,
                                  /* Translators: %zu is the length of the domain written in
                                   * ASCII (xn--…), %d the limit, 253. */
                                  "The domain is %zu character long in its ASCII form; the "
                                  "limit is %d.",
                                  "The domain is %zu characters long in its ASCII form; the "
                                  "limit is %d.",
                                  ascii->len),
                     ascii->len, SP_ADDRESS_MAX_DOMAIN);
      return NULL;
    }

  /* RFC 3696 2: a top-level domain is never all-numeric, so such a name is
   * a mistyped IP address, not a host name. */
  {
    const char *last = strrchr (ascii->str, '.');

    last = last != NULL ? last + 1 : ascii->str;
    while (g_ascii_isdigit (*last))
      last++;
    if (*last == '\0')
      {
        g_autofree char *quoted = quote (domain);

        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                     _("“%s” is not a domain name, because its last part is a number. If it "
                       "is meant to be an IP address, check that it has four numbers from 0 "
                       "to 255."),
                     quoted);
        return NULL;
      }
  }

  return g_string_free (g_steal_pointer (&ascii), FALSE);
}

char *
sp_domain_to_ascii (const char  *domain,
                    GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (domain == NULL || domain[0] == '\0')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_EMPTY,
                           _("The domain is empty. Enter a domain name, such as “example.com”."));
      return NULL;
    }

  return domain_to_ascii (domain, error);
}

gboolean
sp_domain_validate (const char  *domain,
                    GError     **error)
{
  g_autofree char *ascii = sp_domain_to_ascii (domain, error);

  return ascii != NULL;
}

/* Checks "[192.0.2.1]" or "[IPv6:2001:db8::1]" (RFC 5321 4.1.3) and returns
 * it with the "IPv6:" tag spelled in the usual way. */
static char *
check_address_literal (const char  *literal,
                       GError     **error)
{
  g_autofree char *inner = NULL;
  g_autofree char *quoted = NULL;
  gsize len = strlen (literal);

  g_assert (literal[0] == '[');

  if (len < 2 || literal[len - 1] != ']')
    {
      quoted = quote (literal);
      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   _("The address literal “%s” does not end with “]”. Write it as “[192.0.2.1]” "
                     "or “[IPv6:2001:db8::1]”."),
                   quoted);
      return NULL;
    }

  inner = g_strndup (literal + 1, len - 2);

  if (g_ascii_strncasecmp (inner, "IPv6:", 5) == 0)
    {
      if (is_ipv6_text (inner + 5))
        return g_strdup_printf ("[IPv6:%s]", inner + 5);

      quoted = quote (inner + 5);
      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   _("“%s” is not a valid IPv6 address. Check the address, such as "
                     "“[IPv6:2001:db8::1]”."),
                   quoted);
      return NULL;
    }

  if (is_ipv4_literal (inner))
    return g_strdup (literal);

  quoted = quote (inner);
  if (is_ipv6_text (inner))
    g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                 /* Translators: both %s are the same IPv6 address. */
                 _("The IPv6 address “%s” needs the tag “IPv6:” in brackets; write it as "
                   "“[IPv6:%s]”."),
                 quoted, quoted);
  else
    g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                 _("“%s” in brackets is neither an IPv4 address nor a tagged IPv6 address. "
                   "Write it as “[192.0.2.1]” or “[IPv6:2001:db8::1]”."),
                 quoted);
  return NULL;
}

/* RFC 5321 4.1.2 atext, plus UTF-8 for SMTPUTF8 (RFC 6531 3.3). */
static gboolean
is_atext (guchar c)
{
  return c >= 0x80 || g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static gboolean
check_dot_atom (const char  *local,
                gsize        len,
                GError     **error)
{
  gsize i;

  if (local[0] == '.' || local[len - 1] == '.')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                           _("The part before “@” starts or ends with a dot, which is only "
                             "allowed when that part is in double quotes. Remove the dot."));
      return FALSE;
    }

  for (i = 0; i < len; i++)
    {
      guchar c = (guchar) local[i];

      if (c == '.')
        {
          if (local[i + 1] == '.')
            {
              g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                                   _("The part before “@” has two dots in a row, which is only "
                                     "allowed when that part is in double quotes. Remove one "
                                     "dot."));
              return FALSE;
            }
          continue;
        }

      if (is_atext (c))
        continue;

      if (c == ' ')
        g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                             _("The part before “@” contains a space. Remove it, or put that "
                               "part in double quotes if the mailbox really has one."));
      else
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                     _("The part before “@” contains “%c”, which is only allowed when that "
                       "part is in double quotes. Remove it or quote that part."),
                     c);
      return FALSE;
    }

  return TRUE;
}

/* Scans a quoted local part starting at the opening quote; returns the
 * position just after the closing quote. */
static const char *
scan_quoted_string (const char  *start,
                    GError     **error)
{
  const char *p = start + 1;

  while (*p != '"')
    {
      if (*p == '\0')
        {
          g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                               _("The quoted part before “@” has no closing double quote. "
                                 "Add the missing quote."));
          return NULL;
        }

      if (*p == '\\')
        {
          /* quoted-pairSMTP: a backslash and one printable ASCII character */
          guchar next = (guchar) p[1];

          if (next < 0x20 || next > 0x7e)
            {
              g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                                   _("A backslash in the quoted part before “@” must be "
                                     "followed by a printable ASCII character."));
              return NULL;
            }
          p += 2;
          continue;
        }

      p++;
    }

  return p + 1;
}

char *
sp_address_normalize (const char  *address,
                      GError     **error)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *result = NULL;
  const char *at;
  const char *domain_text;
  gsize local_len;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (address == NULL || address[0] == '\0')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_EMPTY,
                           _("The address is empty. Enter an address such as "
                             "“user@example.com”."));
      return NULL;
    }

  if (!check_typed_text (address, SP_ADDRESS_ERROR_LOCAL_PART,
                         _("The address is not valid UTF-8 text. Type it again."), error))
    return NULL;

  len = strlen (address);

  if (address[0] == '<' || address[len - 1] == '>')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                           _("Enter the address without “<” and “>”; SMTP Probe adds them "
                             "itself."));
      return NULL;
    }

  if (address[0] == ' ' || address[len - 1] == ' ')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR,
                           address[0] == ' ' ? SP_ADDRESS_ERROR_LOCAL_PART
                                             : SP_ADDRESS_ERROR_DOMAIN,
                           _("The address starts or ends with a space. Remove the space."));
      return NULL;
    }

  if (address[0] == '"')
    {
      const char *end = scan_quoted_string (address, error);

      if (end == NULL)
        return NULL;

      if (*end != '@')
        {
          if (strchr (end, '@') == NULL)
            g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_NO_AT,
                                 _("The address has no “@” after the quoted part. Enter a "
                                   "full address such as “\"john smith\"@example.com”."));
          else
            g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                                 _("The closing double quote must be followed directly by "
                                   "“@”. Move the text after the quote inside the quotes."));
          return NULL;
        }
      at = end;
    }
  else
    {
      at = strchr (address, '@');

      if (at == NULL)
        {
          g_autofree char *quoted = quote (address);

          g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_NO_AT,
                       _("“%s” has no “@”. Enter a full address such as “user@example.com”."),
                       quoted);
          return NULL;
        }

      if (strchr (at + 1, '@') != NULL)
        {
          g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                               _("The address has more than one “@”. Keep only the one "
                                 "between the mailbox and the domain."));
          return NULL;
        }

      if (at == address)
        {
          g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_PART,
                               _("There is nothing before the “@”. Enter the mailbox name "
                                 "too, as in “user@example.com”."));
          return NULL;
        }
    }

  local_len = (gsize) (at - address);
  local = g_strndup (address, local_len);

  if (local_len > SP_ADDRESS_MAX_LOCAL_PART)
    {
      if (g_str_is_ascii (local))
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_TOO_LONG,
                     g_dngettext (GETTEXT_PACKAGE,
                                  /* Translators: %zu is the length of the part before “@”, %d
                                   * the limit, 64. */
                                  "The part before “@” is %zu character long; the limit is %d.",
                                  "The part before “@” is %zu characters long; the limit is %d.",
                                  local_len),
                     local_len, SP_ADDRESS_MAX_LOCAL_PART);
      else
        g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_LOCAL_TOO_LONG,
                     g_dngettext (GETTEXT_PACKAGE,
                                  /* Translators: %zu is the length of the part before “@” in
                                   * bytes, %d the limit, 64. */
                                  "The part before “@” is %zu byte long in UTF-8; the limit is "
                                  "%d.",
                                  "The part before “@” is %zu bytes long in UTF-8; the limit is "
                                  "%d.",
                                  local_len),
                     local_len, SP_ADDRESS_MAX_LOCAL_PART);
      return NULL;
    }

  if (local[0] != '"' && !check_dot_atom (local, local_len, error))
    return NULL;

  domain_text = at + 1;

  if (domain_text[0] == '\0')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                           _("There is nothing after the “@”. Enter the domain too, as in "
                             "“user@example.com”."));
      return NULL;
    }

  if (domain_text[0] == '[')
    {
      domain = check_address_literal (domain_text, error);
    }
  else if (is_ipv4_literal (domain_text))
    {
      g_autofree char *quoted = quote (domain_text);

      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   /* Translators: both %s are the same IP address. */
                   _("“%s” is an IP address. In a mail address, put it in square brackets: "
                     "“[%s]”."),
                   quoted, quoted);
      return NULL;
    }
  else
    {
      domain = domain_to_ascii (domain_text, error);
    }

  if (domain == NULL)
    return NULL;

  result = g_strconcat (local, "@", domain, NULL);

  /* RFC 5321 4.5.3.1.3: the path, "<" address ">", has at most 256 octets. */
  len = strlen (result);
  if (len + 2 > SP_ADDRESS_MAX_PATH)
    {
      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_PATH_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %zu is the length of the mail address, %d the
                                 * limit, 254. */
                                "The address is %zu character long; the limit is %d.",
                                "The address is %zu characters long; the limit is %d.",
                                len),
                   len, SP_ADDRESS_MAX_PATH - 2);
      return NULL;
    }

  return g_steal_pointer (&result);
}

gboolean
sp_address_validate (const char  *address,
                     GError     **error)
{
  g_autofree char *normalized = sp_address_normalize (address, error);

  return normalized != NULL;
}

char *
sp_address_dup_domain (const char *address)
{
  const char *at;

  g_return_val_if_fail (address != NULL, NULL);

  at = strrchr (address, '@');
  if (at == NULL)
    return NULL;

  return g_strdup (at + 1);
}

/* Any non-ASCII byte counts, so pass the normalized address: there the
 * domain is already ASCII and only a UTF-8 local part remains. */
gboolean
sp_address_needs_smtputf8 (const char *address)
{
  g_return_val_if_fail (address != NULL, FALSE);

  return !g_str_is_ascii (address);
}

gboolean
sp_ehlo_name_validate (const char  *name,
                       GError     **error)
{
  g_autofree char *ascii = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_EMPTY,
                           _("The EHLO name is empty. Enter this computer’s full host name, "
                             "such as “mail.example.com”, or an address literal such as "
                             "“[192.0.2.1]”."));
      return FALSE;
    }

  if (!sp_text_check_safe (name, FALSE, error))
    return FALSE;

  if (name[0] == '[')
    {
      g_autofree char *literal = check_address_literal (name, error);

      return literal != NULL;
    }

  if (is_ipv4_literal (name))
    {
      quoted = quote (name);
      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   _("An IP address in EHLO must be in square brackets. Write “[%s]” "
                     "instead."),
                   quoted);
      return FALSE;
    }

  if (is_ipv6_text (name))
    {
      quoted = quote (name);
      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   _("An IPv6 address in EHLO must be in square brackets with the tag "
                     "“IPv6:”. Write “[IPv6:%s]” instead."),
                   quoted);
      return FALSE;
    }

  ascii = sp_domain_to_ascii (name, error);
  if (ascii == NULL)
    return FALSE;

  /* EHLO takes the ASCII form; servers do not decode U-labels there. */
  if (!g_str_is_ascii (name))
    {
      quoted = quote (name);
      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                   /* Translators: %s first is the host name given for EHLO, then its ASCII form
                    * (xn--…). */
                   _("The EHLO name “%s” has non-ASCII characters. Use its ASCII form “%s” "
                     "instead."),
                   quoted, ascii);
      return FALSE;
    }

  return TRUE;
}

gboolean
sp_port_parse (const char  *text,
               guint16     *port,
               GError     **error)
{
  g_autofree char *quoted = NULL;
  guint value = 0;
  const char *p;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || text[0] == '\0')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_PORT,
                           _("The port is empty. Enter a number from 1 to 65535, such as 25 "
                             "or 587."));
      return FALSE;
    }

  for (p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          quoted = quote (text);
          g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_PORT,
                       _("The port “%s” is not a number. Enter a number from 1 to 65535, "
                         "such as 25 or 587."),
                       quoted);
          return FALSE;
        }

      /* saturate instead of overflowing on absurdly long input */
      if (value <= 65535)
        value = value * 10 + (guint) (*p - '0');
    }

  if (value < 1 || value > 65535)
    {
      quoted = quote (text);
      g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_PORT,
                   _("The port %s is out of range. Enter a number from 1 to 65535, such as 25 "
                     "or 587."),
                   quoted);
      return FALSE;
    }

  if (port != NULL)
    *port = (guint16) value;

  return TRUE;
}

/* "::1:2722" is a valid IPv6 address (::0.1.39.34), but whoever typed it
 * almost always meant ::1 on port 2722: when the address without its last
 * group of decimal digits is an address too, the text is ambiguous, and
 * guessing either way tests the wrong server. Brackets settle it. */
static gboolean
check_bare_ipv6_port (const char  *text,
                      GError     **error)
{
  const char *colon = strrchr (text, ':');
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *head = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *quoted_head = NULL;
  gsize digits;

  digits = strlen (colon + 1);
  if (digits == 0 || digits > 5 || strspn (colon + 1, "0123456789") != digits)
    return TRUE;

  head = g_strndup (text, colon - text);
  /* g_hostname_is_ip_address () takes a lone ":" for an address. */
  address = g_inet_address_new_from_string (head);
  if (address == NULL || !is_ipv6_text (head))
    return TRUE;

  quoted = quote (text);
  quoted_head = quote (head);
  g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
               /* Translators: the first %s is what was typed, such as
                * “::1:2722”, the others its address part and its last digits. */
               _("“%s” is ambiguous: it may be an IPv6 address or %s with the port %s. Put an "
                 "IPv6 address in brackets: write “[%s]:%s” for that port, or “[%s]” for the "
                 "address."),
               quoted, quoted_head, colon + 1, quoted_head, colon + 1, quoted);
  return FALSE;
}

gboolean
sp_server_parse (const char  *text,
                 char       **host,
                 guint16     *port,
                 GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *result = NULL;
  const char *port_text = NULL;
  guint16 parsed_port = 0;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text != NULL && !sp_text_check_safe (text, FALSE, error))
    return FALSE;

  /* Pasted names often carry spaces around them; they mean nothing. */
  trimmed = g_strdup (text != NULL ? text : "");
  g_strstrip (trimmed);

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_EMPTY,
                           _("The server is empty. Enter a host name or an IP address, "
                             "optionally followed by “:” and a port, such as "
                             "“mx.example.com:25”."));
      return FALSE;
    }

  len = strlen (trimmed);

  if (trimmed[0] == '[')
    {
      const char *close = strchr (trimmed, ']');
      const char *inner;

      if (close == NULL)
        {
          g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                               _("The server address has “[” but no closing “]”. Write an "
                                 "IPv6 address as “[2001:db8::1]” or “[2001:db8::1]:25”."));
          return FALSE;
        }

      if (close[1] == ':')
        {
          port_text = close + 2;
        }
      else if (close[1] != '\0')
        {
          g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                               _("Only “:” and a port may follow the “]” of the server "
                                 "address, as in “[2001:db8::1]:25”."));
          return FALSE;
        }

      name = g_strndup (trimmed + 1, close - trimmed - 1);
      inner = name;
      /* accept the SMTP literal form as well */
      if (g_ascii_strncasecmp (inner, "IPv6:", 5) == 0)
        inner += 5;

      if (!g_hostname_is_ip_address (inner) || strchr (inner, '%') != NULL)
        {
          g_autofree char *quoted = quote (inner);

          g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                       _("“%s” in brackets is not an IP address. Use brackets only around "
                         "an IPv6 address, as in “[2001:db8::1]:25”."),
                       quoted);
          return FALSE;
        }

      result = g_strdup (inner);
    }
  else
    {
      const char *colon = strchr (trimmed, ':');

      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        {
          /* Two or more colons: a bare IPv6 address, which cannot carry a port. */
          if (!is_ipv6_text (trimmed))
            {
              g_autofree char *quoted = quote (trimmed);

              g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                           _("“%s” is not a valid server. To give a port with an IPv6 "
                             "address, put the address in brackets, as in "
                             "“[2001:db8::1]:25”."),
                           quoted);
              return FALSE;
            }
          if (!check_bare_ipv6_port (trimmed, error))
            return FALSE;
          result = g_strdup (trimmed);
        }
      else
        {
          if (colon != NULL)
            {
              name = g_strndup (trimmed, colon - trimmed);
              port_text = colon + 1;
            }
          else
            {
              name = g_strndup (trimmed, len);
            }

          if (name[0] == '\0')
            {
              g_set_error_literal (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
                                   _("There is no server name before the “:”. Enter a host "
                                     "name or an IP address, as in “mx.example.com:25”."));
              return FALSE;
            }

          if (g_hostname_is_ip_address (name))
            {
              result = g_strdup (name);
            }
          else
            {
              result = sp_domain_to_ascii (name, error);
              if (result == NULL)
                return FALSE;
            }
        }
    }

  if (port_text != NULL && !sp_port_parse (port_text, &parsed_port, error))
    return FALSE;

  if (port != NULL && port_text != NULL)
    *port = parsed_port;
  if (host != NULL)
    *host = g_steal_pointer (&result);

  return TRUE;
}

gboolean
sp_domain_check_complete (const char  *domain,
                          GError     **error)
{
  g_autofree char *bare = NULL;

  g_return_val_if_fail (domain != NULL, FALSE);

  bare = g_strdup (domain);
  /* One trailing dot marks a fully qualified name and makes no domain whole. */
  if (*bare != '\0' && bare[strlen (bare) - 1] == '.')
    bare[strlen (bare) - 1] = '\0';
  if (*bare == '\0' || *bare == '[' || strchr (bare, '.') != NULL)
    return TRUE;

  g_set_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN,
               /* Translators: both %s are the same domain, such as "fabrikam",
                * typed without its ending. */
               _("“%s” has no dot, so it is not a whole domain on the internet. Type all of "
                 "it, for example %s.com."),
               bare, bare);
  return FALSE;
}
