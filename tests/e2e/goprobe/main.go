// compatprobe: gets role credentials for a profile with the AWS SDK for Go v2 as Debian 12
// ships it (config 1.17: no sso-session support; it reads the token of sso_start_url +
// sso_region profiles from ~/.aws/sso/cache/sha1(start URL).json). The SSO portal endpoint is
// taken from EMULATOR_URL (this SDK generation knows no AWS_ENDPOINT_URL_SSO).
// Prints the access key id, or the error on stderr (exit 1).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

func main() {
	url := os.Getenv("EMULATOR_URL")
	resolver := aws.EndpointResolverWithOptionsFunc(func(service, region string, options ...interface{}) (aws.Endpoint, error) {
		if url != "" {
			return aws.Endpoint{URL: url, HostnameImmutable: true}, nil
		}
		return aws.Endpoint{}, &aws.EndpointNotFoundError{}
	})
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithSharedConfigProfile(os.Args[1]),
		config.WithEndpointResolverWithOptions(resolver))
	if err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		os.Exit(1)
	}
	c, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "credentials:", err)
		os.Exit(1)
	}
	fmt.Println(c.AccessKeyID)
}
