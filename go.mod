module github.com/whydenied/whydenied

go 1.26
