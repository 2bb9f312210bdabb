// Time LAPACK routes for the thin SVD of a tall m x n matrix (m >= n) with a geometric spectrum 1 ... 10^-decades.
// Build: gcc -O2 bench/svd-drivers.c -o svd-drivers $(pkg-config --cflags --libs openblas lapacke) -llapacke -lm
// Run:   OPENBLAS_NUM_THREADS=2 ./svd-drivers m n decades ROUTES reps   (ROUTES: one letter a route, run in order;
//        "dxdxdx" with reps 1 interleaves dgesdd and QR-then-SVD-of-R run by run)
// Routes: d dgesdd S; n dgesdd values only; v dgesvd S; g syrk+dsyevd; r syrk+dsyevr; q/Q dgeqrf + dgesdd O/N of R;
//         x dgeqrt + dgesdd S of R (the QRThinSVD route); b dgebrd alone; e syrk+dsytrd alone; j dgejsv; k dgesvdq;
//         f dgeqrf alone; t dgeqrt alone. Prints the median time and the worst relative error of the sigma >= 1e-10.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <cblas.h>
#include <lapacke.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
static unsigned long long st=88172645463325252ULL;
static double unif(void){st^=st<<13;st^=st>>7;st^=st<<17;return (st>>11)*(1.0/9007199254740992.0);}
static double gauss(void){double u=unif()+1e-300,v=unif();return sqrt(-2*log(u))*cos(2*M_PI*v);}
static void orth(double*a,int m,int n){double*tau=malloc(n*8);for(long i=0;i<(long)m*n;i++)a[i]=gauss();
 LAPACKE_dgeqrf(LAPACK_COL_MAJOR,m,n,a,m,tau);LAPACKE_dorgqr(LAPACK_COL_MAJOR,m,n,n,a,m,tau);free(tau);}
static int cmpd(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?1:x>y?-1:0;}
int main(int argc,char**argv){
 int m=atoi(argv[1]),n=atoi(argv[2]);double decades=atof(argv[3]);const char*routes=argv[4];int reps=argc>5?atoi(argv[5]):3;
 double*q1=malloc((long)m*n*8),*q2=malloc((long)n*n*8),*s=malloc(n*8),*a=malloc((long)m*n*8),*w=malloc((long)m*n*8);
 orth(q1,m,n);orth(q2,n,n);for(int i=0;i<n;i++)s[i]=pow(10,-decades*i/(n-1));
 for(int j=0;j<n;j++)for(int i=0;i<m;i++)q1[i+(long)j*m]*=s[j];
 cblas_dgemm(CblasColMajor,CblasNoTrans,CblasTrans,m,n,n,1,q1,m,q2,n,0,a,m); // A = Q1 S Q2^T
 double*u=malloc((long)m*n*8),*vt=malloc((long)n*n*8),*sv=malloc(n*8),*g=malloc((long)n*n*8),*tau=malloc(n*8);int*iw=malloc(8L*n*4);
 for(const char*r=routes;*r;r++){double t[16];int info=0;
  for(int k=0;k<reps;k++){memcpy(w,a,(long)m*n*8);double t0=now();
   switch(*r){
   case 'd': info=LAPACKE_dgesdd(LAPACK_COL_MAJOR,'S',m,n,w,m,sv,u,m,vt,n);break;
   case 'n': info=LAPACKE_dgesdd(LAPACK_COL_MAJOR,'N',m,n,w,m,sv,u,m,vt,n);break;
   case 'v': {double*sup=malloc(n*8);info=LAPACKE_dgesvd(LAPACK_COL_MAJOR,'S','S',m,n,w,m,sv,u,m,vt,n,sup);free(sup);}break;
   case 'g': cblas_dsyrk(CblasColMajor,CblasUpper,CblasTrans,n,m,1,w,m,0,g,n);
             info=LAPACKE_dsyevd(LAPACK_COL_MAJOR,'V','U',n,g,n,sv);for(int i=0;i<n;i++)sv[i]=sqrt(fabs(sv[i]));break;
   case 'r': {int f;int*isz=malloc(2*n*4);cblas_dsyrk(CblasColMajor,CblasUpper,CblasTrans,n,m,1,w,m,0,g,n);
             info=LAPACKE_dsyevr(LAPACK_COL_MAJOR,'V','A','U',n,g,n,0,0,0,0,0,&f,sv,u,n,isz);for(int i=0;i<n;i++)sv[i]=sqrt(fabs(sv[i]));free(isz);}break;
   case 'q': LAPACKE_dgeqrf(LAPACK_COL_MAJOR,m,n,w,m,tau);for(int j=0;j<n;j++)for(int i=0;i<n;i++)g[i+(long)j*n]=i<=j?w[i+(long)j*m]:0;
             info=LAPACKE_dgesdd(LAPACK_COL_MAJOR,'O',n,n,g,n,sv,u,n,vt,n);break; // R = U_R S V^T, U_R overwrites g
   case 'Q': LAPACKE_dgeqrf(LAPACK_COL_MAJOR,m,n,w,m,tau);for(int j=0;j<n;j++)for(int i=0;i<n;i++)g[i+(long)j*n]=i<=j?w[i+(long)j*m]:0;
             info=LAPACKE_dgesdd(LAPACK_COL_MAJOR,'N',n,n,g,n,sv,u,n,vt,n);break;
   case 'b': {double*e=malloc(n*8),*tq=malloc(n*8),*tp=malloc(n*8);info=LAPACKE_dgebrd(LAPACK_COL_MAJOR,m,n,w,m,sv,e,tq,tp);free(e);free(tq);free(tp);for(int i=0;i<n;i++)sv[i]=s[i];}break;
   case 'j': {double stat[7];int istat[3];double*v2=malloc((long)n*n*8);info=LAPACKE_dgejsv(LAPACK_COL_MAJOR,'C','U','V','N','N','N',m,n,w,m,sv,u,m,v2,n,stat,istat);free(v2);}break;
   case 'k': {int nr;double*v2=malloc((long)n*n*8);info=LAPACKE_dgesvdq(LAPACK_COL_MAJOR,'H','P','N','R','R',m,n,w,m,sv,u,m,v2,n,&nr);free(v2);}break;
   case 'f': info=LAPACKE_dgeqrf(LAPACK_COL_MAJOR,m,n,w,m,tau);for(int i=0;i<n;i++)sv[i]=s[i];break;
   case 't': {double*T=malloc(32L*n*8);info=LAPACKE_dgeqrt(LAPACK_COL_MAJOR,m,n,32,w,m,T,32);free(T);for(int i=0;i<n;i++)sv[i]=s[i];}break;
   case 'x': {double*T=malloc(32L*n*8);LAPACKE_dgeqrt(LAPACK_COL_MAJOR,m,n,32,w,m,T,32);free(T);for(int j=0;j<n;j++)for(int i=0;i<n;i++)g[i+(long)j*n]=i<=j?w[i+(long)j*m]:0;
             info=LAPACKE_dgesdd(LAPACK_COL_MAJOR,'S',n,n,g,n,sv,u,n,vt,n);}break;
   case 'e': {double*gg=malloc((long)n*n*8);cblas_dsyrk(CblasColMajor,CblasUpper,CblasTrans,n,m,1,w,m,0,gg,n);
             double*d=malloc(n*8),*e=malloc(n*8),*tq=malloc(n*8);info=LAPACKE_dsytrd(LAPACK_COL_MAJOR,'U',n,gg,n,d,e,tq);free(gg);free(d);free(e);free(tq);for(int i=0;i<n;i++)sv[i]=s[i];}break;
   }
   t[k]=now()-t0;}
  for(int i=0;i<reps;i++)for(int j=i+1;j<reps;j++)if(t[j]<t[i]){double x=t[i];t[i]=t[j];t[j]=x;}
  qsort(sv,n,8,cmpd);double emax=0;int kmax=0;for(int i=0;i<n;i++){if(s[i]<1e-10)break;double e=fabs(sv[i]-s[i])/s[i];if(e>emax)emax=e;kmax=i;}
  printf("%dx%d route %c median %.3f s min %.3f  max rel err sigma>=1e-10 %.1e (info %d)\n",m,n,*r,t[reps/2],t[0],emax,info);fflush(stdout);}
 return 0;}
