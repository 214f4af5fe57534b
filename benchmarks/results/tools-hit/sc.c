#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec*1e9+t.tv_nsec;}
int main(int c,char**v){const char*p=v[1];int n=200000;char buf[65536];struct stat st;double t;
int dfd=open(v[2],O_RDONLY|O_DIRECTORY);
t=now();for(int i=0;i<n;i++){int fd=open(p,O_RDONLY);fstat(fd,&st);read(fd,buf,244);close(fd);}printf("open+fstat+read+close %.0f ns\n",(now()-t)/n);
t=now();for(int i=0;i<n;i++){int fd=open(p,O_RDONLY);read(fd,buf,65536);close(fd);}printf("open+read64k+close %.0f ns\n",(now()-t)/n);
t=now();for(int i=0;i<n;i++){int fd=open(p,O_RDONLY);close(fd);}printf("open+close %.0f ns\n",(now()-t)/n);
t=now();for(int i=0;i<n;i++){stat(p,&st);}printf("stat %.0f ns\n",(now()-t)/n);
int fd=open(p,O_RDONLY);
t=now();for(int i=0;i<n;i++){fstat(fd,&st);}printf("fstat %.0f ns\n",(now()-t)/n);
t=now();for(int i=0;i<n;i++){pread(fd,buf,244,0);}printf("pread244 %.0f ns\n",(now()-t)/n);
t=now();for(int i=0;i<n;i++){pread(fd,buf,65536,0);}printf("pread64k(244 file) %.0f ns\n",(now()-t)/n);
t=now();for(int i=0;i<n;i++){int f=openat(dfd,"1356f1445660041d4a1e4c44d20bd072c180e327d01ee1fa775bc57dcd206930",O_RDONLY);read(f,buf,65536);close(f);}printf("openat+read+close %.0f ns\n",(now()-t)/n);
t=now();for(int i=0;i<n;i++){getppid();}printf("getppid %.0f ns\n",(now()-t)/n);
}
