/* floor-smtp.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The floor of benchmark 1 (issue 13): the least a client can do to run
 * the same SMTP transaction as smtp-probe-cli. A plain blocking socket,
 * one write per command, and for each reply only a wait for its last
 * line ("NNN " rather than "NNN-"); no parsing beyond the first digit,
 * no DNS, no TLS, no log. Whatever smtp-probe-cli takes beyond this is
 * its own cost.
 *
 *   bench/floor-smtp ADDRESS PORT SENDER RECIPIENT [--no-send]
 *
 * Exits 0 when every reply was 2xx or 3xx (354 after DATA), 1 otherwise. */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buffer[65536];
static size_t filled;

/* Reads until a complete last line of a reply has arrived and returns its
 * first digit, or -1 when the connection ends first. Lines already read
 * are dropped from the buffer. */
static int
read_reply (int fd)
{
  for (;;)
    {
      char *line = buffer;
      char *end;
      ssize_t n;

      while ((end = memchr (line, '\n', buffer + filled - line)) != NULL)
        {
          int last = end - line >= 4 && line[3] == ' ';
          int digit = line[0] - '0';

          line = end + 1;
          if (last)
            {
              filled -= line - buffer;
              memmove (buffer, line, filled);
              return digit;
            }
        }
      filled -= line - buffer;
      memmove (buffer, line, filled);

      if (filled == sizeof buffer)
        filled = 0;  /* a line longer than the buffer: keep only its end */
      n = read (fd, buffer + filled, sizeof buffer - filled);
      if (n <= 0)
        return -1;
      filled += (size_t) n;
    }
}

static int
command (int         fd,
         const char *text,
         int         expected)
{
  size_t length = strlen (text);

  if (write (fd, text, length) != (ssize_t) length)
    return 0;

  return read_reply (fd) == expected;
}

int
main (int   argc,
      char *argv[])
{
  static const char message[] =
    "From: <%s>\r\nTo: <%s>\r\nSubject: SMTP Probe floor test\r\n"
    "Message-ID: <floor@example.test>\r\n\r\nA test message.\r\n.\r\n";
  struct sockaddr_in address = { .sin_family = AF_INET };
  char line[1024];
  int send_message;
  int one = 1;
  int ok;
  int fd;

  if (argc < 5 || argc > 6 || inet_pton (AF_INET, argv[1], &address.sin_addr) != 1)
    {
      fprintf (stderr, "usage: floor-smtp ADDRESS PORT SENDER RECIPIENT [--no-send]\n");
      return 2;
    }
  address.sin_port = htons ((unsigned short) atoi (argv[2]));
  send_message = argc == 5 || strcmp (argv[5], "--no-send") != 0;

  fd = socket (AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      perror ("floor-smtp: connect");
      return 1;
    }
  /* As any interactive client does: a command goes out at once. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  ok = read_reply (fd) == 2 && command (fd, "EHLO floor.example.test\r\n", 2);
  snprintf (line, sizeof line, "MAIL FROM:<%s>\r\n", argv[3]);
  ok = ok && command (fd, line, 2);
  snprintf (line, sizeof line, "RCPT TO:<%s>\r\n", argv[4]);
  ok = ok && command (fd, line, 2);
  if (send_message)
    {
      ok = ok && command (fd, "DATA\r\n", 3);
      snprintf (line, sizeof line, message, argv[3], argv[4]);
      ok = ok && command (fd, line, 2);
    }
  else
    {
      ok = ok && command (fd, "RSET\r\n", 2);
    }
  ok = ok && command (fd, "QUIT\r\n", 2);
  close (fd);

  return ok ? 0 : 1;
}
