package golang

const promPkg = "github.com/prometheus/client_golang/prometheus"
