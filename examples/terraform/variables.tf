variable "region" {
  type    = string
  default = "ap-northeast-1"
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}
