package golang

// Module is a Go module generated code depends on, pinned with the hashes
// that go.sum records, so that a generated system builds with no other step.
type Module struct {
	Path, Version string
	Sum, GoModSum string // go.sum's h1: hashes of the module and its go.mod
}

// Modules are the pinned dependencies of generated code, by import path
// prefix. A module is required only when some generated file imports it.
var Modules = []Module{
	{Path: "github.com/google/uuid", Version: "v1.6.0",
		Sum:      "h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=",
		GoModSum: "h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo="},
	{Path: "github.com/twmb/franz-go", Version: "v1.22.3",
		Sum:      "h1:RHe35s34pKefMLyL+ZYJ6mQVtfFZz4zHDHVkTyACur0=",
		GoModSum: "h1:OhbFLkvp6GLcN5daC7I4Q2z0W/rFP16HG+gTbe9CDC4="},
	{Path: "github.com/twmb/franz-go/pkg/kfake", Version: "v0.0.0-20260918054303-01f206a7e32c",
		Sum:      "h1:+VhoCwJ6sXP2wjfeoVlPkj68NQ4rzdcqH6pXlr+FY5E=",
		GoModSum: "h1:TG+7GhIS2HEiBNWJUb+2m0F+rB87IbU7WtWSWBDnOL4="},
	{Path: "github.com/twmb/franz-go/pkg/kadm", Version: "v1.19.0",
		Sum:      "h1:5Nx/WWFkpNUi8Z55Skxvn9x5HOCjw+BUntSNB1kLglk=",
		GoModSum: "h1:emmsx5J7YPU9A7UHcSoz0fBMYVmCcJO2etylJeU0VHU="},
	{Path: "github.com/shopspring/decimal", Version: "v1.4.0",
		Sum:      "h1:bxl37RwXBklmTi0C79JfXCEBD1cqqHt0bbgBAGFp81k=",
		GoModSum: "h1:gawqmDU56v4yIKSwfBSFip1HdCCXN8/+DMd9qYNcwME="},
}

// Indirect are the modules the pinned ones need, required so that a
// generated system builds with no other step. Each is listed when its
// parent is.
var Indirect = map[string][]Module{
	"github.com/twmb/franz-go": {
		{Path: "github.com/klauspost/compress", Version: "v1.20.3",
			Sum:      "h1:zWNoFqq/lSuYQRim3dUXlXeA0IqwuZGicdG5ZTfY5j4=",
			GoModSum: "h1:LUdAzn7YLVvxLpc7y3V1m40wESHTgc1422pwwBSKYuI="},
		{Path: "github.com/pierrec/lz4/v4", Version: "v4.1.33",
			Sum:      "h1:GjG1TJ1V4IzKP8L96muuuDNpTwd7D+l2ccXrjAbe014=",
			GoModSum: "h1:7SE9MC2STkNtL4PIwGhjmyVwvILaGI9/COYQNBhKM/c="},
		{Path: "github.com/twmb/franz-go/pkg/kmsg", Version: "v1.15.1",
			Sum:      "h1:3sj7ekbH33t73nsBcHS0wtp/PyMIViHLNItZrE8V9zM=",
			GoModSum: "h1:sGkGxKexpRLBThFHJLjjywcyfkK09qB/g+X+wFWZQ/A="},
	},
}
