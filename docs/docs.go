// Package docs holds tsr's generated reference documentation.
package docs

//go:generate go run ../cmd/gendocs .
