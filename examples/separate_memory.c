/*
 * Claim C1 of the notes: "each process has its own memory space; threads in a
 * process share its memory". A forked child and a thread each write 1 to the
 * same global; the parent then reads it.
 *
 *     after a child process wrote it: 0   (the child wrote its own copy)
 *     after a thread wrote it:        1   (the thread wrote ours)
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int shared_value;

static void *write_one(void *unused)
{
    (void)unused;
    shared_value = 1;
    return NULL;
}

int main(void)
{
    pid_t child = fork();
    if (child < 0) {
        perror("separate_memory: fork");
        return 1;
    }
    if (child == 0) {
        write_one(NULL);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    printf("after a child process wrote it: %d\n", shared_value);

    pthread_t thread;
    if (pthread_create(&thread, NULL, write_one, NULL) != 0) {
        fprintf(stderr, "separate_memory: cannot create a thread\n");
        return 1;
    }
    pthread_join(thread, NULL);
    printf("after a thread wrote it:        %d\n", shared_value);
    return 0;
}
