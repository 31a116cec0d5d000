/* sftp_srv.h: inside the SFTP subsystem (sftp.c, sftp_path.c, sftp_file.c): the state of
 * one SFTP channel, its open handles, and the request handlers the dispatch table names. */
#ifndef JS_SFTP_SRV_H
#define JS_SFTP_SRV_H

#include <stdint.h>

#include <libssh/libssh.h>
#ifndef WITH_SERVER
#define WITH_SERVER                  /* <libssh/sftp.h> declares the server API only then */
#endif
#include <libssh/sftp.h>

#include "session.h"
#include "upload.h"

#define SFTP_OPEN_MAX 32             /* handles open at once on one channel */
#define SFTP_PACKET_MAX (256 * 1024) /* bytes of one request (OpenSSH's sftp-server cap) */
#define SFTP_READ_MAX 65536          /* bytes answered to one READ */
#define SFTP_NAMES_PER_READDIR 50
#define SFTP_DIRS_MAX 4              /* directory listings open at once */
#define SFTP_COMP_BUF (UPLOAD_PATH_MAX + 1)   /* one path component as the client sent it */

enum sftpd_kind { SF_FREE, SF_READ, SF_WRITE, SF_DIR };

/* One open handle. */
struct sftpd_handle {
	enum sftpd_kind kind;
	int fd;                              /* SF_READ, SF_WRITE; else -1 */
	char tmp[UPLOAD_PATH_MAX];           /* SF_WRITE: the temp file */
	char name[UPLOAD_NAME_BUF];          /* SF_WRITE: the name asked for (normalized) */
	int64_t written;                     /* SF_WRITE: end of the furthest write */
	int64_t quota_left;                  /* SF_WRITE: quota minus use when opened */
	char refusal[256];                   /* SF_WRITE: "" or why the file is refused */
	struct upload_info info;             /* SF_READ: the upload */
	struct upload_info *list;            /* SF_DIR: snapshot taken at opendir */
	size_t n, pos;
};

struct sftpd {
	sftp_session sftp;
	int initialized;                     /* SSH_FXP_INIT answered */
	size_t ready;                        /* complete requests waiting in the channel */
	int bad;                             /* the client broke the protocol */
	const char *deny;                    /* not NULL: refuse every request with this */
	const char *deny_zh;                 /* the same in Chinese, told once on stderr */
	char deny_buf[320];
	long last_ms;                        /* session ms when bytes last arrived */
	int stopping;
	struct sftpd_handle files[SFTP_OPEN_MAX];
};

/*
 * Where a client path leads in the flat virtual area, which works like a chroot: "/",
 * "", "." and "~" are the area; ".." never climbs above it; one component below it
 * names a file (SP_FILE, the component copied into name); more than one component is a
 * folder that cannot exist (SP_DEEP); SP_BAD: too long.
 */
enum sftpd_where { SP_ROOT, SP_FILE, SP_DEEP, SP_BAD };

/* sftp.c */
/* Answer msg with a status and message; refusals are also told on the channel's
 * stderr ("jishi: ..."), because OpenSSH clients show a status's text for few requests
 * (realpath) and a generic "Failure" for the rest. */
void sftpd_status(struct session *s, sftp_client_message msg, uint32_t status,
    const char *text);
void sftpd_tell(struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Does the string that follows `skip` other strings after the request id hold a NUL? */
int sftpd_wire_has_nul(sftp_client_message msg, int skip);

/* sftp_path.c: requests that name paths. */
enum sftpd_where sftpd_resolve(const char *raw, char name[SFTP_COMP_BUF]);
void sftpd_attrs_dir(struct sftp_attributes_struct *a);
void sftpd_attrs_file(const struct upload_info *u, struct sftp_attributes_struct *a);
/* The account's upload named name (exactly, else as normalized): 0 or JS_ERR_*. */
int sftpd_lookup(struct session *s, const char *name, struct upload_info *out);
/* "20 MiB", "512 KiB", "12 bytes". */
void sftpd_size_text(int64_t bytes, char *out, size_t len);
void sftpd_op_realpath(struct session *s, sftp_client_message msg);
void sftpd_op_stat(struct session *s, sftp_client_message msg);
void sftpd_op_setstat(struct session *s, sftp_client_message msg);
void sftpd_op_opendir(struct session *s, sftp_client_message msg);
void sftpd_op_readdir(struct session *s, sftp_client_message msg);
void sftpd_op_remove(struct session *s, sftp_client_message msg);
void sftpd_op_rename(struct session *s, sftp_client_message msg);
void sftpd_op_refuse(struct session *s, sftp_client_message msg);
void sftpd_op_extended(struct session *s, sftp_client_message msg);

/* sftp_file.c: handles: open, read, write, close, fstat, fsetstat. */
struct sftpd_handle *sftpd_handle_new(struct session *s);
struct sftpd_handle *sftpd_handle_of(struct session *s, sftp_client_message msg);
ssh_string sftpd_handle_string(struct session *s, struct sftpd_handle *f);
void sftpd_handle_release(struct session *s, struct sftpd_handle *f);
void sftpd_op_open(struct session *s, sftp_client_message msg);
void sftpd_op_read(struct session *s, sftp_client_message msg);
void sftpd_op_write(struct session *s, sftp_client_message msg);
void sftpd_op_close(struct session *s, sftp_client_message msg);
void sftpd_op_fstat(struct session *s, sftp_client_message msg);
void sftpd_op_fsetstat(struct session *s, sftp_client_message msg);

#endif
