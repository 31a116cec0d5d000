/* demo_gigs_feed.c: a filler thread that makes the next chunk while the caller writes this one. */
#include <string.h>

#include "demo_rows.h"
#include "err.h"

/*
 * Why a thread: a bulk load's SQLite writing is single-threaded (one writer per
 * database), but generating gigs and their ICU tokens needs no database; on two cores
 * the two overlap. Slots are handed over under one mutex: the writer never sees a slot
 * being filled, the filler never touches one being written.
 */

static void *
feed_main(void *arg)
{
	struct dg_feed *f = arg;
	int64_t seq;
	int r;

	for (seq = 0; seq < f->nseq; seq++) {
		pthread_mutex_lock(&f->mu);
		while (!f->stop && seq - f->released >= f->nslots)
			pthread_cond_wait(&f->cv, &f->mu);
		if (f->stop) {
			pthread_mutex_unlock(&f->mu);
			break;
		}
		pthread_mutex_unlock(&f->mu);
		r = f->fill(f->ud, f->slot[seq % f->nslots], seq);
		pthread_mutex_lock(&f->mu);
		f->rc[seq % f->nslots] = r;
		f->filled = seq + 1;
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
		if (r != 0)
			break;
	}
	pthread_mutex_lock(&f->mu);
	f->done = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

int
dg_feed_start(struct dg_feed *f, void **slots, int nslots, int64_t nseq, dg_fill_fn fill,
    void *ud)
{
	int i;

	if (nslots < 1 || nslots > DG_FEED_SLOTS)
		return JS_ERR_INVALID;
	memset(f, 0, sizeof *f);
	for (i = 0; i < nslots; i++)
		f->slot[i] = slots[i];
	f->nslots = nslots;
	f->nseq = nseq;
	f->fill = fill;
	f->ud = ud;
	if (pthread_mutex_init(&f->mu, NULL) != 0)
		return JS_ERR_NOMEM;
	if (pthread_cond_init(&f->cv, NULL) != 0) {
		pthread_mutex_destroy(&f->mu);
		return JS_ERR_NOMEM;
	}
	if (pthread_create(&f->th, NULL, feed_main, f) != 0) {
		pthread_cond_destroy(&f->cv);
		pthread_mutex_destroy(&f->mu);
		return JS_ERR_NOMEM;
	}
	f->running = 1;
	return 0;
}

int
dg_feed_next(struct dg_feed *f, void **slot)
{
	int r;

	if (f->taken >= f->nseq)
		return JS_ERR_STATE;
	pthread_mutex_lock(&f->mu);
	while (f->filled <= f->taken && !f->done)
		pthread_cond_wait(&f->cv, &f->mu);
	if (f->filled <= f->taken) {       /* the filler gave up before this one */
		pthread_mutex_unlock(&f->mu);
		return JS_ERR_STATE;
	}
	*slot = f->slot[f->taken % f->nslots];
	r = f->rc[f->taken % f->nslots];
	f->taken++;
	pthread_mutex_unlock(&f->mu);
	return r;
}

void
dg_feed_release(struct dg_feed *f)
{
	pthread_mutex_lock(&f->mu);
	f->released++;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void
dg_feed_stop(struct dg_feed *f)
{
	if (!f->running)
		return;
	pthread_mutex_lock(&f->mu);
	f->stop = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->th, NULL);
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	f->running = 0;
}
